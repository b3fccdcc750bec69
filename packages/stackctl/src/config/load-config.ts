// The config pipeline: discover → read → schema → cross-field rules → resolve, collecting every problem before failing.
import fs from 'node:fs';
import path from 'node:path';
import { readConfigText, unreadableSource } from './config-file-read.js';
import { ConfigInvalidError } from './config-invalid-error.js';
import { DEFAULTS } from './defaults.js';
import { discoverConfig, type DiscoveredConfig } from './discover.js';
import { loadModuleSource } from './module-source.js';
import { hasErrors, placeProblem, type ConfigProblem, type ParsedSource, type ProblemDraft } from './problem.js';
import { parseProcfile } from './procfile.js';
import { resolveConfig } from './resolve.js';
import { checkRules } from './rules.js';
import { configSchema } from './schema.js';
import type { ResolvedConfig } from './types.js';
import { parseYamlSource } from './yaml-source.js';
import { configErrorMap, issuesToDrafts } from './zod-issues.js';

export interface LoadConfigOptions {
  /** The working folder: where discovery starts, what --config and displayed paths are relative to. */
  readonly cwd: string;
  /** `--config PATH`: a config file, a Procfile, or a folder holding one. */
  readonly configPath?: string | undefined;
  /** The environment services inherit (the pipeline never reads process.env itself). */
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** Accept a missing env_file with a warning (it is read as empty): for commands that run before `.env` exists. */
  readonly tolerateMissingEnvFiles?: boolean;
}

export interface LoadedConfig {
  readonly config: ResolvedConfig;
  /** Problems that do not stop the stack (errors throw instead). */
  readonly warnings: readonly ConfigProblem[];
}

/**
 * Finds, reads, validates and resolves the config.
 * Throws E_CONFIG_NOT_FOUND when there is none, and a ConfigInvalidError (E_CONFIG_INVALID) listing every problem.
 */
export async function loadConfig(options: LoadConfigOptions): Promise<LoadedConfig> {
  const cwd = path.resolve(options.cwd);
  const found = discoverConfig({ cwd, configPath: options.configPath });
  const source = await readSource(found);
  const drafts: ProblemDraft[] = [...source.problems, ...shadowWarnings(found)];
  let config: ResolvedConfig | undefined;

  if (!hasErrors(drafts)) {
    if (source.raw === undefined || source.raw === null) {
      drafts.push({ path: [], message: 'the config is empty; it needs a services map' });
    } else {
      const parsed = configSchema.safeParse(source.raw, { error: configErrorMap });
      if (!parsed.success) drafts.push(...issuesToDrafts(parsed.error.issues, configSchema));
      drafts.push(...checkRules(source.raw, { root: path.dirname(found.path), tolerateMissingEnvFiles: options.tolerateMissingEnvFiles === true }));
      if (parsed.success && !hasErrors(drafts)) {
        const context = {
          configPath: found.path,
          source: found.source,
          parentEnv: options.parentEnv,
          tolerateMissingEnvFiles: options.tolerateMissingEnvFiles === true,
        };
        const resolved = resolveConfig(parsed.data, context);
        drafts.push(...resolved.problems);
        config = resolved.config;
      }
    }
  }

  const problems = sortByPosition(drafts.map((draft) => placeProblem(draft, found.path, source.locator, cwd)));
  if (config === undefined || hasErrors(problems)) throw new ConfigInvalidError(found.path, cwd, problems, source.cause);
  return { config, warnings: problems };
}

async function readSource(found: DiscoveredConfig): Promise<ParsedSource> {
  if (found.source === 'ts' || found.source === 'js') return loadModuleSource(found.path);
  const read = await readConfigText(found.path);
  if (!read.ok) return unreadableSource(read);
  const text = read.text;
  if (found.source === 'procfile') {
    const envFile = path.join(path.dirname(found.path), DEFAULTS.procfile.envFile);
    return parseProcfile(text, { hasEnvFile: fs.statSync(envFile, { throwIfNoEntry: false })?.isFile() ?? false });
  }
  return parseYamlSource(text);
}

function shadowWarnings(found: DiscoveredConfig): ProblemDraft[] {
  return found.shadowed.map((other) => ({
    path: [],
    severity: 'warning' as const,
    message: `${path.basename(other)} in the same folder is ignored; ${path.basename(found.path)} comes first`,
  }));
}

/** In source order (problems without a position first, as they concern the whole file); stable otherwise. */
function sortByPosition(problems: ConfigProblem[]): ConfigProblem[] {
  return problems
    .map((problem, index) => ({ problem, index }))
    .sort(
      (a, b) =>
        (a.problem.line ?? 0) - (b.problem.line ?? 0) || (a.problem.column ?? 0) - (b.problem.column ?? 0) || a.index - b.index,
    )
    .map(({ problem }) => problem);
}
