// How to install each program `setup` may need, for the one-line failure of a task whose tool is missing.
import type { MissingProgram } from './setup-task.js';

const INSTALL: Readonly<Record<string, string>> = {
  npm: 'install Node.js (npm comes with it): https://nodejs.org',
  pnpm: 'corepack enable pnpm (or npm install -g pnpm)',
  yarn: 'corepack enable yarn (or npm install -g yarn)',
  bun: 'npm install -g bun (or see https://bun.sh)',
  uv: 'pip install uv (or see https://docs.astral.sh/uv)',
  poetry: 'pipx install poetry (or pip install poetry)',
  python3: 'install Python 3: https://www.python.org/downloads',
};

/** Null when `lookup` finds the program; else what the task reports. */
export function missingProgram(program: string, lookup: (program: string) => string | null): MissingProgram | null {
  if (lookup(program) !== null) return null;
  return { program, install: INSTALL[program] ?? `install ${program} and make sure it is on PATH` };
}

/** `pnpm is not installed (install it: corepack enable pnpm)`. */
export function describeMissing(missing: MissingProgram): string {
  return `${missing.program} is not installed (install it: ${missing.install})`;
}
