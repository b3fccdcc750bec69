// Process bookkeeping for the benchmarks: who belongs to a project, liveness, and making sure everything is gone.
import { readFileSync, readdirSync } from 'node:fs';

function procState(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
  } catch {
    return null;
  }
}

/** Alive and not a zombie. */
export function pidAlive(pid) {
  const state = procState(pid);
  return state !== null && state !== 'Z' && state !== 'X';
}

/** Live processes whose environment carries STACKCTL_PROJECT=<project>: every service and its descendants. */
export function pidsOfProject(project) {
  const marker = `STACKCTL_PROJECT=${project}\0`;
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (`${readFileSync(`/proc/${entry}/environ`, 'latin1')}\0`.includes(marker) && pidAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours
    }
  }
  return found;
}

/** Live `stackctl __daemon` processes whose argv names something inside `dir`. */
export function daemonPids(dir) {
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const argv = readFileSync(`/proc/${entry}/cmdline`, 'utf8').split('\0');
      if (argv.includes('__daemon') && argv.some((arg) => arg.startsWith(dir)) && pidAlive(Number(entry))) found.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return found;
}

/** VmRSS (and VmHWM, and the anonymous and file-backed parts of VmRSS) of a process in bytes, and its thread count. */
export function memoryOf(pid) {
  const text = readFileSync(`/proc/${pid}/status`, 'utf8');
  const field = (name) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? Number.NaN) * 1024;
  const threads = Number(/^Threads:\s+(\d+)/m.exec(text)?.[1] ?? Number.NaN);
  return { rss: field('VmRSS'), hwm: field('VmHWM'), anon: field('RssAnon'), file: field('RssFile'), threads };
}

/** User + system CPU time a process has used so far, in ms (from /proc/<pid>/stat, clock ticks of 10 ms). */
export function cpuTimeMs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a truthy value; throws `message` after `timeoutMs`. */
export async function waitFor(probe, message, timeoutMs = 20_000, pollMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms: ${message}`);
    await sleep(pollMs);
  }
}

export function killQuietly(pid, signal = 'SIGKILL') {
  try {
    process.kill(pid, signal);
  } catch {
    // already gone
  }
}

/** Waits until none of `pids` is alive; SIGKILLs survivors and throws naming them. */
export async function assertGone(pids, what, timeoutMs = 10_000) {
  const list = [...new Set(pids)];
  try {
    await waitFor(() => list.every((pid) => !pidAlive(pid)), `${what} to be gone`, timeoutMs);
  } catch {
    const survivors = list.filter(pidAlive);
    survivors.forEach((pid) => killQuietly(pid));
    throw new Error(`${what}: processes still alive after ${timeoutMs}ms (now SIGKILLed): ${survivors.join(', ')}`);
  }
}
