// Shared by the platforms: spawns a child with piped output and wraps it as a ChildHandle, mapping spawn errors.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { StackctlError } from '../errors/index.js';
import type { ChildHandle, ExitStatus, SpawnSpec } from './platform.js';

/**
 * After the leader exits, how long to wait for its output streams to end. Descendants that outlive
 * the leader keep the pipes open; the engine then stops them, and must not wait on the pipes first.
 */
const STREAM_GRACE_MS = 200;

/** Spawns `file args` in `spec.cwd` with exactly `spec.env`; throws E_SPAWN_FAILED with the reason. */
export function spawnChild(spec: SpawnSpec, file: string, args: readonly string[], options: SpawnOptions): ChildHandle {
  const what = describeCommand(spec.command);
  checkCwd(spec.cwd, what);
  let child: ChildProcess;
  try {
    child = spawn(file, args, { ...options, cwd: spec.cwd, env: { ...spec.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    throw new StackctlError('E_SPAWN_FAILED', `cannot start ${what}: ${(error as Error).message}`, { cause: error });
  }
  // Errors after a successful spawn (a failed kill) are not fatal: the exit still follows.
  child.on('error', () => {});
  const { pid, stdout, stderr } = child;
  if (pid === undefined || stdout === null || stderr === null) {
    // Node reports ENOENT/EACCES only asynchronously; explain it now from the file system.
    throw new StackctlError('E_SPAWN_FAILED', `cannot start ${what}: ${explainMissingProgram(file, spec)}`, {
      hint: 'check the command and that the program is installed and executable',
    });
  }
  const exited = new Promise<ExitStatus>((resolve) => {
    let status: ExitStatus | null = null;
    let grace: NodeJS.Timeout | undefined;
    child.once('exit', (code, signal) => {
      status = { code, signal };
      const ended = status;
      grace = setTimeout(() => resolve(ended), STREAM_GRACE_MS);
    });
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => {
      clearTimeout(grace);
      resolve(status ?? { code, signal });
    });
  });
  return { pid, stdout, stderr, exited };
}

function checkCwd(cwd: string, what: string): void {
  let reason: string | null = null;
  try {
    if (!fs.statSync(cwd).isDirectory()) reason = `working directory ${cwd} is not a directory`;
    else fs.accessSync(cwd, fs.constants.X_OK);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    reason =
      code === 'ENOENT'
        ? `working directory ${cwd} does not exist`
        : `working directory ${cwd} is not accessible (${code ?? String(error)})`;
  }
  if (reason !== null) {
    throw new StackctlError('E_SPAWN_FAILED', `cannot start ${what}: ${reason}`, { hint: 'check the service\'s cwd' });
  }
}

function explainMissingProgram(file: string, spec: SpawnSpec): string {
  const candidates = file.includes('/') || file.includes('\\')
    ? [path.resolve(spec.cwd, file)]
    : (spec.env.PATH ?? '').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, file));
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) return `${file} not found${file.includes('/') ? '' : ' in PATH'}`;
  return `${found} is not executable`;
}

/** `"npm run dev"` or `node server.js` for messages, shortened. */
export function describeCommand(command: string | readonly string[]): string {
  const text = typeof command === 'string' ? command : command.join(' ');
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
