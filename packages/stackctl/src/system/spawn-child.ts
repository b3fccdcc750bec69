// Shared by the platforms: spawns a child with piped (or FIFO) output and wraps it as a ChildHandle, mapping spawn errors.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { StackctlError } from '../errors/index.js';
import { ensureFifo, openFifoForChild, openFifoReader } from './fifo.js';
import type { ChildHandle, ExitStatus, OutputPaths, SpawnSpec } from './platform.js';

/**
 * After the leader exits, how long to wait for its output streams to end. Descendants that outlive
 * the leader keep the pipes open; the engine then stops them, and must not wait on the pipes first.
 */
export const STREAM_GRACE_MS = 200;

/** Spawns `file args` in `spec.cwd` with exactly `spec.env`; throws E_SPAWN_FAILED with the reason. */
export function spawnChild(spec: SpawnSpec, file: string, args: readonly string[], options: SpawnOptions): ChildHandle {
  const what = describeCommand(spec.command);
  checkCwd(spec.cwd, what);
  const fifo = spec.output === undefined ? null : openFifoOutput(spec.output);
  let child: ChildProcess;
  try {
    const stdio: SpawnOptions['stdio'] = fifo === null ? ['ignore', 'pipe', 'pipe'] : ['ignore', ...fifo.childFds];
    child = spawn(file, args, { ...options, cwd: spec.cwd, env: { ...spec.env }, stdio });
  } catch (error) {
    fifo?.destroy();
    throw new StackctlError('E_SPAWN_FAILED', `cannot start ${what}: ${(error as Error).message}`, { cause: error });
  } finally {
    // The child has its own copies now; ours would keep the FIFOs from ever reporting EOF.
    fifo?.closeChildFds();
  }
  // Errors after a successful spawn (a failed kill) are not fatal: the exit still follows.
  child.on('error', () => {});
  const { pid } = child;
  const stdout = fifo?.stdout ?? child.stdout;
  const stderr = fifo?.stderr ?? child.stderr;
  if (pid === undefined || stdout === null || stderr === null) {
    fifo?.destroy();
    // Node reports ENOENT/EACCES only asynchronously; explain it now from the file system.
    throw new StackctlError('E_SPAWN_FAILED', `cannot start ${what}: ${explainMissingProgram(file, spec)}`, {
      hint: 'check the command and that the program is installed and executable',
    });
  }
  return { pid, stdout, stderr, exited: exitOf(child, [stdout, stderr]), release: () => child.unref() };
}

/** The leader's exit status, once both streams closed or STREAM_GRACE_MS after the exit. */
function exitOf(child: ChildProcess, streams: readonly Readable[]): Promise<ExitStatus> {
  const closed = Promise.all(streams.map(whenClosed));
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      const status: ExitStatus = { code, signal };
      const grace = setTimeout(() => resolve(status), STREAM_GRACE_MS);
      void closed.then(() => {
        clearTimeout(grace);
        resolve(status);
      });
    });
  });
}

/** Resolves when the stream has closed (ended and released its fd, or was destroyed). */
export function whenClosed(stream: Readable): Promise<void> {
  if (stream.closed) return Promise.resolve();
  return new Promise((resolve) => stream.once('close', () => resolve()));
}

interface FifoOutput {
  readonly childFds: readonly [number, number];
  readonly stdout: Readable;
  readonly stderr: Readable;
  closeChildFds(): void;
  destroy(): void;
}

/** Creates the FIFOs if needed, opens the child's O_RDWR ends, then (a writer now existing) our read ends. */
function openFifoOutput(paths: OutputPaths): FifoOutput {
  const opened: number[] = [];
  const readers: Readable[] = [];
  const closeChildFds = (): void => {
    for (const fd of opened.splice(0)) fs.closeSync(fd);
  };
  try {
    ensureFifo(paths.stdout);
    ensureFifo(paths.stderr);
    opened.push(openFifoForChild(paths.stdout), openFifoForChild(paths.stderr));
    readers.push(openFifoReader(paths.stdout), openFifoReader(paths.stderr));
  } catch (error) {
    closeChildFds();
    for (const reader of readers) reader.destroy();
    if (error instanceof StackctlError) throw error;
    throw new StackctlError('E_SPAWN_FAILED', `cannot open the output pipes: ${(error as Error).message}`, { cause: error });
  }
  const [outFd, errFd] = opened as [number, number];
  const [stdout, stderr] = readers as [Readable, Readable];
  return {
    childFds: [outFd, errFd],
    stdout,
    stderr,
    closeChildFds,
    destroy: () => readers.forEach((reader) => reader.destroy()),
  };
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

/**
 * Throws the E_SPAWN_FAILED spawnChild would for a program that is not there or not executable
 * (looked up in the spec's PATH as execvp does), for a spawn through a wrapper that would exec it.
 */
export function assertRunnable(spec: SpawnSpec, file: string): void {
  checkCwd(spec.cwd, describeCommand(spec.command));
  const candidates = programCandidates(file, spec);
  if (candidates.some(isExecutableFile)) return;
  throw new StackctlError('E_SPAWN_FAILED', `cannot start ${describeCommand(spec.command)}: ${explainMissingProgram(file, spec)}`, {
    hint: 'check the command and that the program is installed and executable',
  });
}

function isExecutableFile(candidate: string): boolean {
  try {
    if (!fs.statSync(candidate).isFile()) return false;
    fs.accessSync(candidate, fs.constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function programCandidates(file: string, spec: SpawnSpec): string[] {
  return file.includes('/') || file.includes('\\')
    ? [path.resolve(spec.cwd, file)]
    : (spec.env.PATH ?? '/bin:/usr/bin').split(path.delimiter).filter(Boolean).map((dir) => path.join(dir, file));
}

function explainMissingProgram(file: string, spec: SpawnSpec): string {
  const candidates = programCandidates(file, spec);
  const found = candidates.find((candidate) => fs.existsSync(candidate));
  if (found === undefined) return `${file} not found${file.includes('/') ? '' : ' in PATH'}`;
  return `${found} is not executable`;
}

/** `"npm run dev"` or `node server.js` for messages, shortened. */
export function describeCommand(command: string | readonly string[]): string {
  const text = typeof command === 'string' ? command : command.join(' ');
  return JSON.stringify(text.length > 80 ? `${text.slice(0, 77)}...` : text);
}
