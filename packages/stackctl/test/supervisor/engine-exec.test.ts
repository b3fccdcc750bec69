// A leader that exec's (`sh -c '…; exec node …'`): the engine refreshes the recorded command, so the record stays exact proof.
import { afterEach, describe, expect, it } from 'vitest';
import { stopFromRunRecords } from '../../src/daemon/offline-stop.js';
import { createPlatform } from '../../src/system/create-platform.js';
import { LinuxProcessTable } from '../../src/system/process-table/index.js';
import { EngineHarnesses } from '../helpers/engine-harness.js';
import { shellFixture } from '../helpers/fixtures.js';
import { makeConfig, makeService } from '../helpers/make-config.js';
import { MemoryRunRecords } from '../helpers/memory-run-records.js';
import { expectPidsGone } from '../helpers/pids.js';
import { waitFor } from '../helpers/wait-for.js';

const harnesses = new EngineHarnesses();
afterEach(() => harnesses.disposeAll());
const table = new LinuxProcessTable();

describe.runIf(process.platform === 'linux')('a leader that exec’d', () => {
  it('gets its recorded command refreshed, so a later host or `stop` without one can still prove and stop it', async () => {
    const store = new MemoryRunRecords();
    const service = makeService({ name: 'api', command: `sleep 0.3; exec ${shellFixture('forever')}`, stopTimeoutMs: 2_000 });
    const config = makeConfig(service);
    const harness = harnesses.create(config, { runRecords: store });
    await harness.engine.start();
    const pid = harness.status('api').pid ?? 0;
    expect(store.writes[0]?.command).toMatch(/^\/bin\/sh -c sleep 0\.3; exec /);
    await waitFor(() => store.read('api')?.command.endsWith('forever.cjs'), { message: 'the record to take the exec’d command' });
    expect(store.read('api')).toMatchObject({ pid, startTime: table.info(pid)?.startTime, command: table.info(pid)?.command });

    // The host goes away (as a killed daemon would); `stop` without a host finds the record exact.
    await harness.engine.detach();
    const results = await stopFromRunRecords({ config, store, processTable: table, platform: createPlatform(), names: [] });
    expect(results).toMatchObject([{ service: 'api', pid, outcome: 'stopped', note: null }]);
    await expectPidsGone([pid]);
  });
});
