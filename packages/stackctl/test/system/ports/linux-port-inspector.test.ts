// LinuxPortInspector on a fake /proc (unit) and against real child HTTP servers (integration, Linux only).
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { LinuxPortInspector, findSocketOwners, isPortFree } from '../../../src/system/ports/index.js';
import { useFakeProc } from '../proc/fake-proc.js';
import { HTTP_SERVER_SCRIPT, killAll, spawnNodeScript, useProcessScope } from '../proc/fixture-processes.js';

const sample = (name: string): string =>
  readFileSync(new URL(`../../fixtures/port-samples/${name}`, import.meta.url), 'latin1');

describe('LinuxPortInspector on a fake /proc', () => {
  const procRoot = useFakeProc('stackctl-fake-net-', {
    btime: 1_700_000_000,
    tcp: sample('proc-net-tcp.txt'),
    tcp6: sample('proc-net-tcp6.txt'),
    processes: [
      { pid: 1, comm: 'process_api', fds: { '3': 'socket:[1654]', '4': '/dev/null' } },
      {
        pid: 300,
        comm: 'node',
        startTicks: 500,
        argv: ['node', 'server.js'],
        cwd: '/srv/api',
        fds: { '0': '/dev/null', '1': 'pipe:[77]', '21': 'socket:[41001]', '22': 'socket:[52003]' },
      },
      { pid: 400, comm: 'vite', argv: ['node', 'vite'], fds: { '30': 'socket:[52002]', '31': 'anon_inode:[eventfd]' } },
      // Gone or not readable: no fd folder. Owns 41004 (postgres, port 5432) in the real world.
      { pid: 500, comm: 'postgres', argv: ['postgres'] },
    ],
  });
  let inspector: LinuxPortInspector;

  beforeAll(() => {
    inspector = new LinuxPortInspector({ procRoot: procRoot() });
  });

  it('finds the owner of the wanted ports with its command, cwd and start time', async () => {
    expect(await inspector.listeners([4000, 4001])).toEqual([
      {
        port: 4000,
        address: '127.0.0.1',
        family: 4,
        pid: 300,
        inode: 41001,
        command: 'node server.js',
        cwd: '/srv/api',
        startedAt: 1_700_000_005_000,
      },
      {
        port: 4001,
        address: '::ffff:127.0.0.1',
        family: 6,
        pid: 300,
        inode: 52003,
        command: 'node server.js',
        cwd: '/srv/api',
        startedAt: 1_700_000_005_000,
      },
    ]);
  });

  it('leaves the pid null for a socket no readable process holds', async () => {
    expect(await inspector.listeners([5432])).toEqual([
      { port: 5432, address: '192.168.1.20', family: 4, pid: null, inode: 41004 },
    ]);
  });

  it('lists every listener when no ports are given, and none for an empty list or a free port', async () => {
    const all = await inspector.listeners();
    expect(all.map((l) => `${l.port}/${l.family}/${l.pid}`)).toEqual([
      '2024/4/1',
      '3000/6/null',
      '4000/4/300',
      '4001/6/300',
      '5173/6/400',
      '5432/4/null',
      '8001/6/null',
      '9229/6/null',
    ]);
    expect(await inspector.listeners([])).toEqual([]);
    expect(await inspector.listeners([65000])).toEqual([]);
  });

  it('maps inodes to owners and stops once every wanted inode is found', async () => {
    const owners = await findSocketOwners(new Set([41001, 52002, 999]), { procRoot: procRoot(), batchSize: 1 });
    expect(owners).toEqual(
      new Map([
        [52002, 400],
        [41001, 300],
      ]),
    );
  });
});

describe.runIf(process.platform === 'linux')('LinuxPortInspector on this machine', () => {
  const inspector = new LinuxPortInspector();
  const scope = useProcessScope('stackctl-ports-');

  it("returns a child HTTP server's pid, command and cwd for its ephemeral port", async () => {
    const server = await spawnNodeScript<{ port: number }>(HTTP_SERVER_SCRIPT, { cwd: scope.workDir(), args: ['127.0.0.1'] });
    scope.track(server.pid);
    const { port } = server.report;

    const found = await inspector.listeners([port]);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ port, address: '127.0.0.1', family: 4, pid: server.pid, cwd: scope.workDir() });
    expect(found[0]?.command).toContain('node');
    expect(found[0]?.inode).toBeGreaterThan(0);
    expect(Math.abs((found[0]?.startedAt ?? 0) - Date.now())).toBeLessThan(10_000);
    expect(await isPortFree(port, '127.0.0.1')).toBe(false);
  });

  it('finds IPv4 and IPv6 servers in one call, and nothing once they are killed', async () => {
    const v4 = await spawnNodeScript<{ port: number }>(HTTP_SERVER_SCRIPT, { cwd: scope.workDir(), args: ['127.0.0.1'] });
    scope.track(v4.pid);
    const v6 = await spawnNodeScript<{ port: number }>(HTTP_SERVER_SCRIPT, { cwd: scope.workDir(), args: ['::'] });
    scope.track(v6.pid);
    const ports = [v4.report.port, v6.report.port];

    const found = await inspector.listeners(ports);
    expect(found.map((l) => ({ port: l.port, address: l.address, family: l.family, pid: l.pid }))).toEqual(
      [
        { port: v4.report.port, address: '127.0.0.1', family: 4, pid: v4.pid },
        { port: v6.report.port, address: '::', family: 6, pid: v6.pid },
      ].sort((a, b) => a.port - b.port),
    );

    await killAll([v4.pid, v6.pid]);
    expect(await inspector.listeners(ports)).toEqual([]);
    expect(await isPortFree(v4.report.port, '127.0.0.1')).toBe(true);
  });
});
