// The status table and its figures: pure formatting of the `status --json` shape.
import { describe, expect, it } from 'vitest';
import { createPalette } from '../../src/output/colors.js';
import { formatCpu, formatMemory, formatUptime } from '../../src/output/format-figures.js';
import { formatStatusTable } from '../../src/output/status-table.js';
import { serviceStatusJson as service } from '../helpers/service-status.js';

const plain = createPalette(false);

describe('figures', () => {
  it.each([
    [null, '-'],
    [0, '0s'],
    [45_900, '45s'],
    [60_000, '1m'],
    [125_000, '2m 5s'],
    [3_600_000, '1h'],
    [3_780_000, '1h 3m'],
    [3_799_000, '1h 3m'],
    [86_400_000 + 4 * 3_600_000 + 59_000, '1d 4h'],
    [2 * 86_400_000, '2d'],
  ])('uptime %s ms is %s', (ms, text) => expect(formatUptime(ms)).toBe(text));

  it.each([
    [null, '-'],
    [0, '0 B'],
    [512, '512 B'],
    [48_234_496, '48.2 MB'],
    [1_500, '1.5 kB'],
    [999_999, '1000 kB'],
    [123_456_789, '123 MB'],
    [2_500_000_000, '2.5 GB'],
  ])('memory %s bytes is %s', (bytes, text) => expect(formatMemory(bytes)).toBe(text));

  it.each([
    [null, '-'],
    [0, '0.0%'],
    [0.4, '0.4%'],
    [0.44, '0.4%'],
    [112, '112.0%'],
  ])('cpu %s is %s', (percent, text) => expect(formatCpu(percent)).toBe(text));
});

describe('formatStatusTable', () => {
  it('aligns every column and shows - where a figure is unknown', () => {
    const table = formatStatusTable(
      {
        project: 'demo',
        services: [
          service('api', {
            state: 'running',
            health: 'healthy',
            pid: 1234,
            ports: [4000, 9229],
            uptime_ms: 3_780_000,
            restarts: 2,
            cpu_percent: 0.4,
            memory_bytes: 48_234_496,
          }),
          service('worker-long-name', { state: 'backoff', restarts: 11 }),
          service('db', { state: 'running', origin: 'external', pid: 88, ports: [5432], uptime_ms: 5_000 }),
        ],
      },
      plain,
    );
    expect(table).toBe(
      [
        'NAME              STATE    HEALTH    PID  PORTS      UPTIME  RESTARTS   CPU   MEMORY  ORIGIN',
        'api               running  healthy  1234  4000,9229   1h 3m         2  0.4%  48.2 MB  managed',
        'worker-long-name  backoff  -           -  -               -        11     -        -  managed',
        'db                running  -          88  5432           5s         0     -        -  external',
        '',
      ].join('\n'),
    );
  });

  it('colours states without breaking the alignment', () => {
    const coloured = formatStatusTable({ project: 'demo', services: [service('api', { state: 'failed' })] }, createPalette(true));
    expect(coloured).toContain('\u001b[31mfailed\u001b[39m');
    // eslint-disable-next-line no-control-regex
    const stripped = coloured.replace(/\u001b\[\d+m/g, '');
    expect(stripped).toBe(formatStatusTable({ project: 'demo', services: [service('api', { state: 'failed' })] }, plain));
  });

  it('shows the command of an external process holding the port after its origin', () => {
    const external = { pid: 8123, command: '/usr/bin/node /srv/api/server.js --port 4000', cwd: '/srv/api', started_at: 1, port: 4000 };
    const table = formatStatusTable({ project: 'demo', services: [service('api', { origin: 'external', pid: 8123, ports: [4000], external })] }, plain);
    expect(table.split('\n')[1]).toBe('api   stopped  -       8123  4000        -         0    -       -  external (node server.js --port 4000)');
  });

  it('names the stackctl project and service an external holder is, instead of its command', () => {
    const external = { pid: 8123, command: 'node server.js', cwd: '/srv/shop', started_at: 1, port: 4000, stackctl: { project: 'shop', service: 'web', config: '/srv/shop/stackctl.yaml' } };
    const table = formatStatusTable({ project: 'demo', services: [service('api', { origin: 'external', pid: 8123, ports: [4000], external })] }, plain);
    expect(table.split('\n')[1]).toMatch(/ external \(service web of stackctl project shop\)$/);
  });

  it('marks a service running in a terminal (stackctl run) as managed (attached)', () => {
    const table = formatStatusTable({ project: 'demo', services: [service('api', { state: 'running', pid: 42, attached: true }), service('db')] }, plain);
    const [, api, db] = table.split('\n');
    expect(api).toMatch(/ managed \(attached\)$/);
    expect(db).toMatch(/ managed$/);
  });

  it('warns under the table about lines a log file did not take: since when while it lasts, the span once over', () => {
    const since = new Date(2026, 10, 26, 12, 3, 11).getTime();
    const loss = { lines: 4875, stdout: 4875, stderr: 0, since, until: since + 3_000, code: 'ENOSPC', reason: 'disk full' };
    const table = formatStatusTable(
      {
        project: 'demo',
        services: [
          service('api', { state: 'running', pid: 42, log_loss: { ...loss, ongoing: true } }),
          service('db', { state: 'running', pid: 43 }),
          service('web', { state: 'running', pid: 44, log_loss: { ...loss, lines: 1, reason: 'read-only file system', ongoing: false } }),
        ],
      },
      plain,
    );
    expect(table.split('\n').slice(4)).toEqual([
      'api: 4875 lines not saved (disk full) since 12:03:11',
      'web: 1 line not saved (read-only file system) between 12:03:11 and 12:03:14',
      '',
    ]);
  });

  it('says so when the project has no services', () => {
    expect(formatStatusTable({ project: 'demo', services: [] }, plain)).toBe('project demo has no services\n');
  });
});
