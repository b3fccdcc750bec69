// The host's finder of external port holders: only for services not running here, never our own processes, cached.
import { describe, expect, it } from 'vitest';
import { createExternalFinder, type StatusForExternal } from '../../src/daemon/external-holders.js';
import { FakePlatform } from '../helpers/fake-platform.js';
import { FakePortInspector } from '../helpers/fake-port-inspector.js';

function world() {
  const platform = new FakePlatform();
  const inspector = new FakePortInspector(platform.table);
  let now = 0;
  const find = createExternalFinder({ inspector, processTable: platform.table, now: () => now });
  return { platform, inspector, find, advance: (ms: number) => (now += ms) };
}

const status = (name: string, state: StatusForExternal['state'], ports: number[], pid: number | null = null): StatusForExternal => ({
  name,
  state,
  ports,
  pid,
  origin: 'managed',
});

describe('createExternalFinder', () => {
  it('finds the holder of a resting service’s port, not of a running one’s', async () => {
    const { platform, inspector, find } = world();
    const stranger = platform.addProcess('node server.js');
    inspector.held.set(4000, stranger.pid);
    inspector.held.set(3000, stranger.pid);
    const found = await find([status('api', 'stopped', [4000]), status('web', 'running', [3000], 77)]);
    expect([...found]).toEqual([['api', { pid: stranger.pid, command: 'node server.js', cwd: null, startedAt: stranger.startTime, port: 4000 }]]);
  });

  it('never counts a process of a running service (or of the group it leads) as external', async () => {
    const { platform, inspector, find } = world();
    const db = platform.addProcess('postgres');
    const child = platform.addProcess('postgres: writer');
    child.pgid = db.pid;
    inspector.held.set(5432, child.pid);
    expect((await find([status('db', 'running', [], db.pid), status('other', 'exited', [5432])])).size).toBe(0);
  });

  it('reads the listeners at most once per second, and not at all when nothing rests', async () => {
    const { inspector, find, advance } = world();
    await find([status('api', 'running', [4000], 5)]);
    expect(inspector.calls).toBe(0);
    const stopped = [status('api', 'stopped', [4000])];
    await Promise.all([find(stopped), find(stopped)]);
    advance(999);
    await find(stopped);
    expect(inspector.calls).toBe(1);
    advance(1);
    await find(stopped);
    expect(inspector.calls).toBe(2);
  });
});
