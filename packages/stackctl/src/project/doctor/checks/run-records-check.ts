// `run-records`: records in .stackctl/run/ whose process is gone or whose pid another program reuses; a stale daemon.pid or daemon.sock.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { daemonPathsFor, type DaemonPaths } from '../../../daemon/daemon-paths.js';
import { checkDaemonPid, readDaemonPidFile } from '../../../daemon/daemon-pid-file.js';
import type { RunRecord } from '../../../supervisor/run-record.js';
import { removeFifos } from '../../../system/fifo.js';
import { checkFingerprint, type ProcessTable } from '../../../system/process-table/index.js';
import { createRunRecordFileStore } from '../../../system/run-record-file-store.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { ok, plural, warn } from '../findings.js';
import { shownPath } from '../shown-path.js';

const FIX = '`stackctl doctor --fix` removes it';

export const runRecordsCheck: DoctorCheck = {
  id: 'run-records',
  title: 'No stale run records',
  needs: 'root',
  async run(ctx) {
    if (ctx.root === null) return [];
    const table = ctx.processTable();
    if (table === null) return [warn(`cannot read the process table on ${ctx.platform}`, null)];
    const paths = daemonPathsFor(ctx.root);
    const shown = (file: string): string => shownPath(file, ctx.cwd);
    const corrupt: { file: string; reason: string }[] = [];
    const store = createRunRecordFileStore(paths.runDir, { onCorrupt: (file, reason) => corrupt.push({ file, reason }) });
    const records = store.readAll();
    const findings: Finding[] = [];
    let live = 0;
    for (const record of records) {
      const file = path.join(paths.runDir, `${record.service}.json`);
      const verdict = checkFingerprint(table, record);
      if (verdict === 'match' || verdict === 'command-changed') {
        live += 1;
        continue;
      }
      const now = table.info(record.pid);
      if (verdict === 'gone' && groupLivesOn(record, table)) {
        findings.push(warn(`${record.service}: pid ${record.pid} has exited, but processes of its group ${record.pgid} still run`, `\`stackctl stop ${record.service}\` stops them`));
        continue;
      }
      const why = verdict === 'gone' ? 'which is not running' : `now another program (${now?.command ?? 'unknown'})`;
      const repair = (): string => {
        const again = checkFingerprint(table, record);
        if (again === 'match' || again === 'command-changed') throw new Error(`pid ${record.pid} runs again`);
        store.remove(record.service);
        if (record.output !== null) removeFifos(record.output);
        return `removed the stale run record ${shown(file)}`;
      };
      findings.push(warn(`stale run record ${shown(file)}: ${record.service} pid ${record.pid}, ${why}`, FIX, repair));
    }
    for (const { file, reason } of corrupt) {
      findings.push(warn(`unreadable run record ${shown(file)} (${reason})`, FIX, () => {
        fs.rmSync(file, { force: true });
        return `removed the unreadable run record ${shown(file)}`;
      }));
    }
    findings.push(...(await daemonFiles(paths, table, shown)));
    if (findings.length === 0) findings.push(ok(records.length === 0 ? 'no run records' : `${plural(live, 'run record')}, each of a running process`));
    return findings;
  },
};

/** The leader is gone, yet members of its group live on that started no earlier than it (stackctl stop still stops them). */
function groupLivesOn(record: RunRecord, table: ProcessTable): boolean {
  if (record.origin === 'external' || record.attached === true) return false;
  const members = table.groupMembers(record.pgid);
  return members.length > 0 && members.every((pid) => (table.info(pid)?.startTime ?? Number.POSITIVE_INFINITY) >= record.startTime);
}

/** daemon.pid naming a process that is not the daemon, and daemon.sock with nobody listening. */
async function daemonFiles(paths: DaemonPaths, table: ProcessTable, shown: (file: string) => string): Promise<Finding[]> {
  const findings: Finding[] = [];
  const record = readDaemonPidFile(paths.pidFile);
  if (record !== null && checkDaemonPid(table, record) !== 'match') {
    findings.push(
      warn(`stale ${shown(paths.pidFile)}: the daemon pid ${record.pid} is not running`, FIX, () => {
        const again = readDaemonPidFile(paths.pidFile);
        if (again !== null && checkDaemonPid(table, again) === 'match') throw new Error('a daemon runs again');
        fs.rmSync(paths.pidFile, { force: true });
        return `removed the stale ${shown(paths.pidFile)}`;
      }),
    );
  }
  if (fs.existsSync(paths.socket) && (await socketState(paths.socket)) === 'refused') {
    findings.push(
      warn(`stale ${shown(paths.socket)}: no daemon listens on it`, FIX, async () => {
        if ((await socketState(paths.socket)) !== 'refused') throw new Error('something listens on it again');
        fs.rmSync(paths.socket, { force: true });
        return `removed the stale ${shown(paths.socket)}`;
      }),
    );
  }
  return findings;
}

/** `listening` when a connection is accepted, `refused` when nobody listens, `unknown` on a timeout or another error. */
export function socketState(file: string, timeoutMs = 500): Promise<'listening' | 'refused' | 'unknown'> {
  return new Promise((resolve) => {
    const socket = net.connect(file);
    const done = (state: 'listening' | 'refused' | 'unknown'): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve(state);
    };
    const timer = setTimeout(() => done('unknown'), timeoutMs);
    socket.once('connect', () => done('listening'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(error.code === 'ECONNREFUSED' || error.code === 'ENOENT' ? 'refused' : 'unknown'));
  });
}
