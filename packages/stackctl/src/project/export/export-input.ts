// What every export generator is a pure function of: the resolved services, with their env split into env files and the rest.
import fs from 'node:fs';
import path from 'node:path';
import { parseDotenv } from '../../config/dotenv.js';
import type { ResolvedConfig, ResolvedService } from '../../config/types.js';

export interface ExportService {
  readonly service: ResolvedService;
  /** Absolute env_file paths, in order: referenced by the export rather than copied into it. */
  readonly envFiles: readonly string[];
  /** The env not coming from those files: `env`, STACKCTL_* and PORT. */
  readonly env: Readonly<Record<string, string>>;
}

export interface ExportInput {
  readonly project: string;
  /** The config's folder. */
  readonly root: string;
  /** In declaration order. */
  readonly services: readonly ExportService[];
  /**
   * Node reads `.js` files as ES modules where the files go (a `"type": "module"` package): a
   * CommonJS file must then be `.cjs`. Default false.
   */
  readonly jsIsEsm?: boolean;
}

export interface ExportFile {
  readonly name: string;
  readonly content: string;
}

export interface ExportResult {
  readonly files: readonly ExportFile[];
  /** What did not translate, one line each. */
  readonly notes: readonly string[];
}

export type ExportGenerator = (input: ExportInput) => ExportResult;

/**
 * From a config resolved with an empty parent env (so the shell's variables never leak into the export) and the
 * env_file lists as written; keys whose value is exactly what the files give are left to the files.
 */
export function buildExportInput(config: ResolvedConfig, envFiles: Readonly<Record<string, readonly string[]>>): ExportInput {
  const services = Object.values(config.services).map((service): ExportService => {
    const files = (envFiles[service.name] ?? []).map((file) => path.resolve(config.root, file));
    const fromFiles: Record<string, string> = {};
    for (const file of files) {
      const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
      Object.assign(fromFiles, parseDotenv(text, { scope: fromFiles }));
    }
    const env = Object.fromEntries(Object.entries(service.env).filter(([key, value]) => fromFiles[key] !== value));
    return { service, envFiles: files, env };
  });
  return { project: config.project, root: config.root, services };
}

/** `4000` ms → `4s`, `1500` → `1500ms`: a form systemd, compose and people read alike. */
export function durationText(ms: number): string {
  return ms % 1000 === 0 ? `${ms / 1000}s` : `${ms}ms`;
}
