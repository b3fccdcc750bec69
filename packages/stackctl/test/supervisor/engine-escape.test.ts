// Integration tests of processes that leave the service's group (setsid, double fork, detached): stop ends them, or reports them.
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { Freezer, freezerUnavailable } from '../helpers/freezer.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { MemoryRunRecords } from '../helpers/memory-run-records.js';
import { expectPidsGone, pidAlive } from '../helpers/pids.js';
import { waitFor } from '../helpers/wait-for.js';
import { LinuxProcessTable } from '../../src/system/process-table/index.js';

const harnesses = new EngineHarnesses();
const freezers: Freezer[] = [];
afterEach(async () => {
  // Thawed first, so what a failed test left frozen can be killed; the cgroups go once it is.
  for (const freezer of freezers) freezer.thaw();
  try {
    await harnesses.disposeAll();
  } finally {
    for (const freezer of freezers.splice(0)) await freezer.dispose();
  }
});

const table = new LinuxProcessTable();

async function startEscaping(args: string[], options: { stopTimeoutMs?: number } = {}) {
  const store = new MemoryRunRecords();
  const service = makeService({ name: 'api', command: nodeFixture(args[0] ?? '', ...args.slice(1)), stopTimeoutMs: options.stopTimeoutMs ?? 2_000 });
  const harness = harnesses.create(makeConfig(service), { runRecords: store, defaults: { killWaitMs: 1_000 } });
  await harness.engine.start();
  const [line] = await harness.waitForLines(/^pid escaped \d+$/, 1);
  const escaped = Number(line?.line.split(' ')[2]);
  const leader = harness.status('api').pid ?? 0;
  return { harness, store, escaped, leader };
}

describe.runIf(process.platform === 'linux')('stop and processes that leave the group', () => {
  it.each([
    ['a child that calls setsid', ['setsid-child']],
    ['a child spawned with detached: true', ['detached-child']],
  ])('ends %s (still a child of the service), and records it as a member', async (_, args) => {
    const { harness, store, escaped, leader } = await startEscaping(args);
    expect(table.info(escaped)?.pgid).not.toBe(leader);
    await waitFor(() => store.read('api')?.members?.some((member) => member.pid === escaped), { message: 'the escaped child recorded' });
    await harness.engine.stop();
    await expectPidsGone([escaped, leader]);
    expect(harness.status('api').lastExit).toMatchObject({ stoppedByUs: true, forced: false });
    expect(harness.status('api').lastExit?.survivors).toBeUndefined();
  });

  it('ends a double-forked child that lost its parent, by the member fingerprint recorded while it ran', async () => {
    const { harness, store, escaped, leader } = await startEscaping(['setsid-child', '--fork']);
    const [line] = await harness.waitForLines(/^pid intermediate \d+$/, 1);
    const intermediate = Number(line?.line.split(' ')[2]);
    await waitFor(() => store.read('api')?.members?.some((member) => member.pid === escaped), { message: 'the escaped child recorded' });
    await expectPidsGone([intermediate]);
    // A multi-threaded parent shows as a zombie while its last threads still exit; its children are
    // handed to the new parent only when the last one has.
    await waitFor(() => table.info(escaped)?.ppid !== intermediate, { message: 'the escaped child reparented' });
    expect(table.info(escaped)?.ppid).not.toBe(intermediate);
    expect(table.info(escaped)?.pgid).toBe(escaped);
    await harness.engine.stop();
    await expectPidsGone([escaped, leader]);
  });

  it.skipIf(freezerUnavailable() !== null)('reports a process it could not end, by pid and command, instead of calling it stopped', async () => {
    const { harness, escaped, leader } = await startEscaping(['setsid-child'], { stopTimeoutMs: 300 });
    const freezer = new Freezer();
    freezers.push(freezer);
    freezer.freeze(escaped);
    await harness.engine.stop();
    const exit = harness.status('api').lastExit;
    expect(exit).toMatchObject({ stoppedByUs: true, forced: true });
    expect(exit?.survivors?.map((each) => each.pid)).toEqual([escaped]);
    expect(exit?.survivors?.[0]?.command).toMatch(/setsid-child\.cjs --role=escaped$/);
    expect(exit?.killed?.map((each) => each.pid)).toContain(escaped);
    expect(harness.eventsOf('warning', 'api').map((event) => event.message).join('\n')).toMatch(new RegExp(`still running .*after SIGKILL: ${escaped} `));
    expect(pidAlive(escaped)).toBe(true);
    freezer.thaw();
    await expectPidsGone([escaped, leader]);
  });
});
