// A service whose program does not exist: recognised (exit 127, a shell's "not found" line, ENOENT), named, and a hint at what would provide it.
import fs from 'node:fs';
import path from 'node:path';

/** The exit code POSIX shells give a command they cannot find. */
export const NOT_FOUND_EXIT_CODE = 127;

/**
 * The program a shell says it cannot find, from one line of stderr: `sh: 1: uvicorn: not found`
 * (dash), `bash: uvicorn: command not found`, `/bin/sh: line 1: uvicorn: command not found`,
 * `zsh: command not found: uvicorn`; null for any other line.
 */
export function notFoundProgram(line: string): string | null {
  if (!line.includes('not found')) return null;
  const zsh = /command not found: (\S+)\s*$/.exec(line);
  if (zsh?.[1] !== undefined) return zsh[1];
  const posix = /^\S*(?:sh|bash|dash|ash|ksh)?: (?:line \d+: |\d+: )?(\S+): (?:command )?not found\s*$/.exec(line);
  return posix?.[1] ?? null;
}

/** The program a command runs: the first word of a shell string (past `VAR=value` and `exec`), or argv[0]. */
export function commandProgram(command: string | readonly string[]): string | null {
  if (typeof command !== 'string') return command[0] ?? null;
  const words = command.trim().split(/\s+/);
  for (const word of words) {
    if (/^[A-Za-z_][A-Za-z0-9_]*=/.test(word) || word === 'exec' || word === 'env') continue;
    return word.replace(/^["']|["']$/g, '') || null;
  }
  return null;
}

/** What would provide `program` for a service running in `cwd`, in words; null when nothing nearby would. */
export function notFoundHint(program: string, cwd: string): string | null {
  if (program.includes('/')) return `check the path: ${program} does not exist or is not executable`;
  const dirs = ancestors(cwd);
  for (const dir of dirs) {
    for (const venv of ['.venv', 'venv']) {
      const candidate = path.join(dir, venv, 'bin', program);
      if (isFile(candidate)) {
        const shown = relativeShown(cwd, candidate);
        return `it is in the virtualenv ${relativeShown(cwd, path.join(dir, venv))}: run \`${shown}\`, or \`uv run ${program} …\``;
      }
    }
    const bin = path.join(dir, 'node_modules', '.bin', program);
    if (isFile(bin)) return `it is in ${relativeShown(cwd, path.dirname(bin))}: run it as \`npx ${program}\` or from an npm script`;
  }
  for (const dir of dirs) {
    if (isFile(path.join(dir, 'package.json')) && packageMentions(path.join(dir, 'package.json'), program)) {
      return `${relativeShown(cwd, path.join(dir, 'package.json'))} asks for it: run \`npm install\` (or \`stackctl setup\`) to install it into node_modules/.bin`;
    }
    if (isFile(path.join(dir, 'uv.lock')) || isFile(path.join(dir, 'pyproject.toml')) || isFile(path.join(dir, 'requirements.txt'))) {
      return `a Python project is at ${relativeShown(cwd, dir)}: run \`stackctl setup\` to create its virtualenv, then \`uv run ${program} …\` or \`.venv/bin/${program}\``;
    }
  }
  return null;
}

/** `cwd` and each folder above it. */
function ancestors(cwd: string): string[] {
  const dirs: string[] = [];
  for (let dir = path.resolve(cwd); ; dir = path.dirname(dir)) {
    dirs.push(dir);
    if (path.dirname(dir) === dir) return dirs;
  }
}

function isFile(file: string): boolean {
  try {
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Whether a package.json lists `program` as a dependency or uses it in a script. */
function packageMentions(file: string, program: string): boolean {
  try {
    const parsed = JSON.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
    const keys = ['dependencies', 'devDependencies', 'optionalDependencies'].flatMap((key) => Object.keys((parsed[key] as object | undefined) ?? {}));
    if (keys.includes(program)) return true;
    const scripts = Object.values((parsed.scripts as Record<string, unknown> | undefined) ?? {});
    return scripts.some((script) => typeof script === 'string' && new RegExp(`(^|[\\s;&|(])${escapeRegExp(program)}(\\s|$)`).test(script));
  } catch {
    return false;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** `./.venv/bin/uvicorn` relative to `cwd` when inside it, `../x` when near, else absolute. */
function relativeShown(cwd: string, target: string): string {
  const relative = path.relative(cwd, target);
  if (relative === '') return '.';
  return relative.startsWith('..') ? (relative.split(path.sep).length <= 4 ? relative : target) : `./${relative}`;
}
