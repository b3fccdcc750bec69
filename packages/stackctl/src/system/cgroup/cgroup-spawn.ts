// Starts a command inside a cgroup with no race: a tiny /bin/sh moves itself in, then execs the command (same pid).
import fs from 'node:fs';

/**
 * `$1` is the cgroup folder, the rest is the command's argv. The shell writes its own pid ($$)
 * into the cgroup before the command runs, so nothing the command forks can start outside it;
 * `exec` keeps the pid (and the process group node gave it), so the command's argv, exit code and
 * signals are the command's own. A failed write (the cgroup gone) is not fatal: the command runs
 * without one, which the engine notices (the cgroup stays empty) and records no cgroup.
 */
export const CGROUP_WRAPPER_SCRIPT = '{ echo $$ > "$1/cgroup.procs"; } 2>/dev/null; shift; exec "$@"';

/** The argv that runs `file args` in `cgroup` (see CGROUP_WRAPPER_SCRIPT). `stackctl` is the shell's $0, named in its messages. */
export function cgroupWrapper(cgroup: string, file: string, args: readonly string[]): { file: string; args: string[] } {
  return { file: '/bin/sh', args: ['-c', CGROUP_WRAPPER_SCRIPT, 'stackctl', cgroup, file, ...args] };
}

/** How long spawn waits for the wrapper to exec the command at most; about a millisecond on an idle machine. */
export const WRAPPER_EXEC_WAIT_MS = 2000;

/**
 * Blocks until `pid` no longer runs the wrapper (it exec'd the command, or died), at most
 * `timeoutMs`: callers read the process's command line right after spawn for its fingerprint,
 * and must see the command's, as they would without the wrapper. Sleeps (Atomics.wait) between
 * looks rather than spinning, so the wrapper gets the CPU. False when the time ran out.
 */
export function waitForWrapperExec(pid: number, timeoutMs = WRAPPER_EXEC_WAIT_MS): boolean {
  const marker = `/bin/sh\0-c\0${CGROUP_WRAPPER_SCRIPT}\0`;
  const deadline = Date.now() + timeoutMs;
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (let pause = 0.1; ; pause = Math.min(pause * 2, 5)) {
    let cmdline: string;
    try {
      cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      return true; // gone
    }
    // Empty: mid-exec (the new program's memory not set up yet), or a zombie.
    if (cmdline === '' ? isZombie(pid) : !cmdline.startsWith(marker)) return true;
    if (Date.now() >= deadline) return false;
    Atomics.wait(sleeper, 0, 0, pause);
  }
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    const state = stat.charAt(stat.lastIndexOf(')') + 2);
    return state === 'Z' || state === 'X';
  } catch {
    return true;
  }
}
