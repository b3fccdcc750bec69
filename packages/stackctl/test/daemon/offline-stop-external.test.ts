// `stop` without a daemon for an adopted external process (or one attached to a terminal): stopped alone, never the group it lives in (here: ours).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { stopFromRunRecords } from '../../src/daemon/offline-stop.js';
import { createPlatform } from '../../src/system/create-platform.js';
import { LinuxProcessTable } from '../../src/system/process-table/index.js';
import { createRunRecordFileStore } from '../../src/system/run-record-file-store.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { expectPidsGone, killPidsAndClear, pidAlive } from '../helpers/pids.js';
import { spawnStranger } from '../helpers/stranger-process.js';

const table = new LinuxProcessTable();
const dirs: string[] = [];
const pids = new Set<number>();

afterEach(async () => {
  await killPidsAndClear(pids);
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A run record store in a temp folder, and a `forever` process started by this test (so in this test's process group). */
async function strangerWithStore(kind: string) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `stackctl-offline-${kind}-`));
  dirs.push(dir);
  const store = createRunRecordFileStore(path.join(dir, 'run'));
  const pid = await spawnStranger(nodeFixture('forever'), pids);
  const info = table.info(pid);
  if (info === null) throw new Error(`the ${kind} process vanished`);
  return { store, pid, info };
}

describe.runIf(process.platform === 'linux')('stopFromRunRecords with an external record', () => {
  it('signals the adopted process (and only it) when it lives in another program’s process group', async () => {
    const { store, pid, info } = await strangerWithStore('external');
    expect(info.pgid).toBe(table.info(process.pid)?.pgid);
    store.write({ service: 'api', pid, pgid: info.pgid, startTime: info.startTime, command: info.command, startedAt: info.startedAt, restarts: 0, origin: 'external', output: null });

    const results = await stopFromRunRecords({
      config: makeConfig(makeService({ name: 'api', ports: [4000], stopTimeoutMs: 2_000 })),
      store,
      processTable: table,
      platform: createPlatform(),
      names: [],
      pollMs: 20,
    });
    expect(results).toEqual([{ service: 'api', pid, outcome: 'stopped', killed: [], survivors: [], note: null }]);
    await expectPidsGone([pid]);
    expect(pidAlive(process.pid)).toBe(true);
    expect(store.readAll()).toEqual([]);
  });

  it('signals a process that ran attached to a terminal (stackctl run) the same way: never the terminal’s group (here: ours)', async () => {
    const { store, pid, info } = await strangerWithStore('attached');
    const record = { service: 'api', pid, pgid: info.pgid, startTime: info.startTime, command: info.command, startedAt: info.startedAt, restarts: 0 };
    store.write({ ...record, origin: 'managed', attached: true, output: null });

    const results = await stopFromRunRecords({
      config: makeConfig(makeService({ name: 'api', stopTimeoutMs: 2_000 })),
      store,
      processTable: table,
      platform: createPlatform(),
      names: ['api'],
      pollMs: 20,
    });
    expect(results).toEqual([{ service: 'api', pid, outcome: 'stopped', killed: [], survivors: [], note: null }]);
    await expectPidsGone([pid]);
    expect(pidAlive(process.pid)).toBe(true);
    expect(store.readAll()).toEqual([]);
  });
});
