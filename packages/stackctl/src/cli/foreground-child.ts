// Runs a service's command in this terminal's foreground: same process group as the CLI, the terminal's own stdin/stdout/stderr.
import { spawn, type ChildProcess } from 'node:child_process';
import type { ResolvedService } from '../config/types.js';
import { StackctlError } from '../errors/index.js';
import { relayUntilEnd } from '../system/foreground-signals.js';

export interface ForegroundChild {
  readonly pid: number;
  /** The exit code to end the CLI with: the child's, or 128 + the signal's number when a signal ended it. */
  readonly exited: Promise<number>;
}

/**
 * Spawns the command not detached, with stdio inherited: the child is in the CLI's process group,
 * which is the terminal's foreground group, so Ctrl+C (and Ctrl+\) reach it straight from the
 * terminal, and it sees a real TTY (prompts, `node --inspect`, colours). From the spawn on, this
 * process ignores SIGINT and SIGQUIT (the terminal sends them to the child too) and passes SIGTERM
 * and SIGHUP on to it, until it has exited. Resolves once the child runs; throws E_SPAWN_FAILED.
 */
export async function spawnInForeground(service: ResolvedService): Promise<ForegroundChild> {
  const options = { cwd: service.cwd, env: { ...service.env }, stdio: 'inherit' as const };
  let child: ChildProcess;
  try {
    // As the engine runs it: a string through the shell, an argv list directly.
    child =
      typeof service.command === 'string'
        ? spawn(service.command, { ...options, shell: true })
        : spawn(service.command[0] ?? '', service.command.slice(1), options);
  } catch (error) {
    throw spawnFailed(service, error);
  }
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(spawnFailed(service, error)));
  });
  const pid = child.pid;
  if (pid === undefined) throw spawnFailed(service, new Error('no process id'));
  const exited = relayUntilEnd(child, 'exit').then((end) => end.code);
  return { pid, exited };
}

function spawnFailed(service: ResolvedService, error: unknown): StackctlError {
  const command = typeof service.command === 'string' ? service.command : service.command.join(' ');
  return new StackctlError('E_SPAWN_FAILED', `cannot start ${service.name} (${command}): ${(error as Error).message}`, {
    cause: error,
    hint: `check the command and its working folder ${service.cwd}`,
  });
}
