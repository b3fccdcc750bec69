// One command of a setup task as a real process: its own process group (so Ctrl+C stops all it started), output captured.
import { spawn, type ChildProcess } from 'node:child_process';

export interface CommandExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  /** Set when the program could not be started (ENOENT, EACCES…). */
  readonly error: Error | null;
}

export interface CommandRun {
  readonly pid: number | null;
  /** Once the leader exited and its output was read (or shortly after, when descendants keep the pipes open). */
  readonly exited: Promise<CommandExit>;
  /** SIGTERM to the whole group, SIGKILL after `graceMs`; resolves once leader and group are gone. */
  stop(graceMs?: number): Promise<void>;
}

export interface StartCommandOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  readonly onOutput: (text: string) => void;
}

/** After the leader exits, how long its output pipes may stay open (held by a descendant) before they are let go. */
const STREAM_GRACE_MS = 200;
const POLL_MS = 25;
const KILL_WAIT_MS = 2000;

/** A shell string runs with `/bin/sh -c`, an argv list directly. */
export function startCommand(command: string | readonly string[], options: StartCommandOptions): CommandRun {
  const [file, args] = typeof command === 'string' ? ['/bin/sh', ['-c', command]] : [command[0] ?? '', command.slice(1)];
  let child: ChildProcess;
  try {
    child = spawn(file, args, { cwd: options.cwd, env: { ...options.env }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    return { pid: null, exited: Promise.resolve({ code: null, signal: null, error: error as Error }), stop: async () => {} };
  }
  for (const stream of [child.stdout, child.stderr]) stream?.setEncoding('utf8').on('data', options.onOutput);
  const exited = new Promise<CommandExit>((resolve) => {
    child.once('error', (error) => resolve({ code: null, signal: null, error }));
    child.once('exit', (code, signal) => {
      const done = (): void => resolve({ code, signal, error: null });
      const grace = setTimeout(() => {
        child.stdout?.destroy();
        child.stderr?.destroy();
        done();
      }, STREAM_GRACE_MS);
      child.once('close', () => {
        clearTimeout(grace);
        done();
      });
    });
  });
  const pid = child.pid ?? null;
  return { pid, exited, stop: (graceMs = 3000) => (pid === null ? exited.then(() => {}) : stopGroup(pid, exited, graceMs)) };
}

async function stopGroup(pid: number, exited: Promise<CommandExit>, graceMs: number): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  if (!(await waitGone(pid, graceMs))) {
    signalGroup(pid, 'SIGKILL');
    await waitGone(pid, KILL_WAIT_MS);
  }
  await exited;
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // the group is gone already
  }
}

function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (groupAlive(pid)) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
  return true;
}
