// Signal names a service may be stopped with: `TERM`, `sigterm` and `SIGTERM` all mean SIGTERM.

/** The POSIX signals Node.js can send, by name. The list is fixed so a config is valid on every platform. */
export const SIGNAL_NAMES = [
  'SIGABRT', 'SIGALRM', 'SIGBUS', 'SIGCHLD', 'SIGCONT', 'SIGFPE', 'SIGHUP', 'SIGILL', 'SIGINT',
  'SIGIO', 'SIGIOT', 'SIGKILL', 'SIGPIPE', 'SIGPOLL', 'SIGPROF', 'SIGPWR', 'SIGQUIT', 'SIGSEGV',
  'SIGSTKFLT', 'SIGSTOP', 'SIGSYS', 'SIGTERM', 'SIGTRAP', 'SIGTSTP', 'SIGTTIN', 'SIGTTOU',
  'SIGUNUSED', 'SIGURG', 'SIGUSR1', 'SIGUSR2', 'SIGVTALRM', 'SIGWINCH', 'SIGXCPU', 'SIGXFSZ',
  'SIGBREAK', 'SIGLOST', 'SIGINFO',
] as const satisfies readonly NodeJS.Signals[];

const BY_NAME: ReadonlyMap<string, NodeJS.Signals> = new Map(SIGNAL_NAMES.map((name) => [name, name]));

/** `term` → `SIGTERM`; null when the name is not a signal. */
export function normaliseSignal(name: string): NodeJS.Signals | null {
  const upper = name.trim().toUpperCase();
  return BY_NAME.get(upper.startsWith('SIG') ? upper : `SIG${upper}`) ?? null;
}
