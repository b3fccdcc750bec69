// A configuration problem: where it is (file, key path, line and column) and what is wrong, as text or as data.
import path from 'node:path';

export type ProblemSeverity = 'error' | 'warning';
export type KeyPath = readonly (string | number)[];

/** One problem in a config, in the structured form `--json` prints. */
export interface ConfigProblem {
  /** Absolute path of the config file (or Procfile). */
  readonly file: string;
  /** Dotted key path such as `services.api.health.http`; empty for the file as a whole. */
  readonly path: string;
  /** 1-based; null where the source has no positions (TS/JS configs). */
  readonly line: number | null;
  readonly column: number | null;
  readonly message: string;
  readonly severity: ProblemSeverity;
  /** The one-line text (see formatProblem), with the file relative to the working folder loadConfig was given. */
  readonly formatted: string;
}

/** A problem before it is placed in the source: the pipeline's stages produce these. */
export interface ProblemDraft {
  readonly path: KeyPath;
  readonly message: string;
  /** Default: error. */
  readonly severity?: ProblemSeverity;
  /** Point at the key itself (unknown or misnamed keys) rather than its value. Default: value. */
  readonly at?: 'key' | 'value';
  /** A position known already (YAML syntax errors, Procfile lines). */
  readonly position?: SourcePosition;
}

export interface SourcePosition {
  readonly line: number;
  readonly column: number;
}

/** Maps a key path to a position in the source; the nearest existing ancestor when the key is missing. */
export interface SourceLocator {
  locate(keyPath: KeyPath, at: 'key' | 'value'): SourcePosition | null;
}

/** A config source read into plain data: what every format (YAML, JSON, TS/JS, Procfile) produces. */
export interface ParsedSource {
  /** The config as plain data; undefined when the source could not be read at all. */
  readonly raw: unknown;
  readonly locator: SourceLocator;
  /** Problems found while reading (syntax errors leave raw undefined), and warnings. */
  readonly problems: readonly ProblemDraft[];
  /** The exception behind a read failure, kept for `--debug`. */
  readonly cause?: unknown;
}

/** For sources without positions (TS/JS modules). */
export const NO_POSITIONS: SourceLocator = { locate: () => null };

/** `['services', 'api', 'ports', 1]` → `services.api.ports[1]`. */
export function formatKeyPath(keyPath: KeyPath): string {
  let text = '';
  for (const segment of keyPath) {
    if (typeof segment === 'number') text += `[${segment}]`;
    else text += text === '' ? segment : `.${segment}`;
  }
  return text;
}

/** Places a draft in its file; `cwd` is what the formatted text's file path is relative to. */
export function placeProblem(draft: ProblemDraft, file: string, locator: SourceLocator, cwd: string): ConfigProblem {
  const position = draft.position ?? locator.locate(draft.path, draft.at ?? 'value');
  const placed = {
    file,
    path: formatKeyPath(draft.path),
    line: position?.line ?? null,
    column: position?.column ?? null,
    message: draft.message,
    severity: draft.severity ?? 'error',
  };
  return { ...placed, formatted: formatProblem(placed, cwd) };
}

/** The file as the user should see it: relative to `cwd` when inside it, else absolute. */
export function displayFile(file: string, cwd: string): string {
  const relative = path.relative(cwd, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}

/** `stackctl.yaml:12:7 services.api.port: must be a whole number from 1 to 65535`. */
export function formatProblem(problem: Omit<ConfigProblem, 'formatted'>, cwd: string): string {
  const file = displayFile(problem.file, cwd);
  const where = problem.line === null ? file : `${file}:${problem.line}:${problem.column ?? 1}`;
  return problem.path === '' ? `${where}: ${problem.message}` : `${where} ${problem.path}: ${problem.message}`;
}

export function hasErrors(problems: readonly { readonly severity?: ProblemSeverity }[]): boolean {
  return problems.some((problem) => (problem.severity ?? 'error') === 'error');
}
