// Another local user, for the tests of what stackctl keeps private: node processes that drop to uid 65534 (needs root).
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';

/** `nobody` on most Linux systems: a user that owns none of the test's files. */
export const STRANGER_UID = 65534;

/** Only root can start a process as another user. */
export const canActAsStranger = process.platform === 'linux' && process.getuid?.() === 0;

const DROP = `process.setgroups([]); process.setgid(${STRANGER_UID}); process.setuid(${STRANGER_UID});`;

/** `ok` when the stranger could read `file`, else the error code (`EACCES`…). */
export function readAsStranger(file: string): string {
  const script = `${DROP} try { require('fs').readFileSync(process.argv[1]); console.log('ok'); } catch (e) { console.log(e.code); }`;
  const result = spawnSync(process.execPath, ['-e', script, file], { encoding: 'utf8' });
  return result.stdout.trim() || `exit ${result.status}: ${result.stderr}`;
}

/**
 * A stranger's process that binds the abstract socket `name` (with its leading NUL) and keeps it;
 * resolves once it is bound. The caller kills it by pid (and adds it to its list at once).
 */
export function holdAbstractNameAsStranger(name: string, pids: Set<number>): Promise<ChildProcess> {
  const script = `${DROP} require('net').createServer().listen('\\0' + process.argv[1], () => console.log('held')); setInterval(() => {}, 1e6);`;
  const child = spawn(process.execPath, ['-e', script, name.slice(1)], { stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.pid !== undefined) pids.add(child.pid);
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8').on('data', (text: string) => text.includes('held') && resolve(child));
    child.once('exit', (code) => reject(new Error(`the stranger's lock holder exited with ${code}`)));
  });
}
