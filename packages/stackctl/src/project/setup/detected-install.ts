// What dependency detection found for a service: the folder to install in, the tool, its commands and fingerprint inputs.
import path from 'node:path';
import type { TaskStep } from './setup-task.js';

export interface DetectedInstall {
  /** Where the install runs: the folder of the lockfile (a workspace root for its members). */
  readonly folder: string;
  /** npm, pnpm, yarn, bun, uv, poetry or pip. */
  readonly tool: string;
  /** The program that must be on PATH: npm, pnpm, yarn, bun, uv, poetry or python3. */
  readonly program: string;
  readonly steps: readonly TaskStep[];
  /** Lockfile and manifests (absolute). */
  readonly inputs: readonly string[];
  readonly commandKey: string;
  readonly output: string | null;
  readonly npmLockfile: string | null;
}

/** An argv step shown as its words joined (paths under `folder` shown relative to it). */
export function argvStep(folder: string, argv: readonly string[], unlessExists?: string): TaskStep {
  const display = argv.map((word) => (path.isAbsolute(word) && word.startsWith(folder + path.sep) ? path.relative(folder, word) : word)).join(' ');
  return { command: argv, display, ...(unlessExists === undefined ? {} : { unlessExists }) };
}

/** The steps' command lines joined: what the fingerprint includes when nothing stabler is needed. */
export function stepsKey(steps: readonly TaskStep[]): string {
  return steps.map((step) => step.display).join(' && ');
}
