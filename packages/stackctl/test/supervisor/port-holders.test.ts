// Pure parts of smart port detection: the holder's wording, grouping listeners by owner, and whom an external stop may signal.
import { describe, expect, it } from 'vitest';
import { describeHolder, formatAge, formatSpan, shortCommand, tildify } from '../../src/supervisor/describe-holder.js';
import { selectStopTargets, type SelfIdentity } from '../../src/supervisor/external-tree.js';
import { holdersOf, rootHolder } from '../../src/supervisor/port-holders.js';
import { portOpenGraceMs, portsNotOpenedMessage } from '../../src/supervisor/port-open-watch.js';
import type { PortListener } from '../../src/system/ports/index.js';
import { makeService } from '../helpers/make-config.js';

const HOUR = 3_600_000;
const NOW = 1_700_000_000_000;

describe('describeHolder', () => {
  it('words a holder as the issue shows it', () => {
    const holder = { pid: 8123, command: '/usr/bin/node server.js', cwd: '/home/ann/proj/api', startedAt: NOW - 2 * HOUR - 5_000, port: 4000 };
    expect(describeHolder(holder, { now: NOW, home: '/home/ann' })).toBe(
      'port 4000 is held by pid 8123 (node server.js, started 2h ago in ~/proj/api)',
    );
  });

  it('leaves out what is unknown', () => {
    expect(describeHolder({ pid: 9, command: 'redis-server *:6379', cwd: null, startedAt: null, port: 6379 }, { now: NOW })).toBe(
      'port 6379 is held by pid 9 (redis-server *:6379)',
    );
    expect(describeHolder({ pid: 9, command: 'x', cwd: '/srv', startedAt: null, port: 1 }, { now: NOW, home: null })).toBe(
      'port 1 is held by pid 9 (x, in /srv)',
    );
  });

  it.each([
    [0, 'just now'],
    [-5_000, 'just now'],
    [45_900, '45s ago'],
    [12 * 60_000, '12m ago'],
    [2 * HOUR, '2h ago'],
    [47 * HOUR, '47h ago'],
    [72 * HOUR, '3d ago'],
  ])('ages %s ms as %s', (ms, text) => expect(formatAge(ms)).toBe(text));

  it.each([
    [800, '800ms'],
    [10_000, '10s'],
    [1_500, '1.5s'],
    [120_000, '2m'],
  ])('spans %s ms as %s', (ms, text) => expect(formatSpan(ms)).toBe(text));

  it('shortens commands: program folder dropped, whitespace collapsed, home as ~, cwd-relative paths, cut with an ellipsis', () => {
    expect(shortCommand('/usr/local/bin/node   /home/ann/app/server.js\n--port 4000', { home: '/home/ann' })).toBe('node ~/app/server.js --port 4000');
    expect(shortCommand('node /srv/api/dist/main.js /srv/api', { home: '/home/ann', cwd: '/srv/api/' })).toBe('node dist/main.js /srv/api');
    const long = shortCommand(`python -m http.server ${'x'.repeat(100)}`, { max: 30 });
    expect([long.length, long.endsWith('…')]).toEqual([30, true]);
  });

  it('shows only paths inside home with ~', () => {
    expect(tildify('/home/ann', '/home/ann/')).toBe('~');
    expect(tildify('/home/anna/x', '/home/ann')).toBe('/home/anna/x');
    expect(tildify('/srv', '/')).toBe('/srv');
  });
});

describe('holdersOf / rootHolder', () => {
  const listener = (port: number, pid: number | null, family: 4 | 6 = 4): PortListener => ({
    port,
    address: family === 4 ? '0.0.0.0' : '::',
    family,
    pid,
    ...(pid === null ? {} : { command: `cmd${pid}`, cwd: '/w', startedAt: 5 }),
  });

  it('gives one holder per process, with the first port it holds; unseen owners as hidden ports', () => {
    const found = holdersOf([listener(9229, 10), listener(4000, 10, 6), listener(4000, 10), listener(5000, 11), listener(6000, null)]);
    expect(found).toEqual({
      holders: [
        { pid: 10, command: 'cmd10', cwd: '/w', startedAt: 5, port: 4000 },
        { pid: 11, command: 'cmd11', cwd: '/w', startedAt: 5, port: 5000 },
      ],
      hidden: [6000],
    });
  });

  it('leaves out the service’s own processes', () => {
    expect(holdersOf([listener(4000, 10), listener(4001, 11)], (pid) => pid === 10).holders.map((h) => h.pid)).toEqual([11]);
  });

  it('picks the holder none of whose ancestors holds a port (the server, not its worker)', () => {
    const parents = new Map([[21, 20], [20, 7], [7, 1]]);
    const worker = { pid: 21, command: 'worker', cwd: null, startedAt: null, port: 4000 };
    const server = { pid: 20, command: 'server', cwd: null, startedAt: null, port: 4001 };
    expect(rootHolder([worker, server], (pid) => parents.get(pid) ?? null)).toBe(server);
    expect(rootHolder([], () => null)).toBeNull();
  });
});

describe('selectStopTargets', () => {
  const self: SelfIdentity = { pid: 500, pgid: 400, ancestors: [400, 300] };

  it('signals the group of a holder that leads its own', () => {
    expect(selectStopTargets({ holder: { pid: 900, pgid: 900 }, descendants: [901], groupMembers: [900, 901], self })).toEqual({ kind: 'group', pgid: 900 });
  });

  it('signals the holder and its descendants one by one inside someone else’s group', () => {
    expect(selectStopTargets({ holder: { pid: 900, pgid: 800 }, descendants: [901, 902], groupMembers: [], self })).toEqual({
      kind: 'pids',
      pids: [900, 901, 902],
    });
  });

  it('never signals our own group, even when the holder leads it', () => {
    expect(selectStopTargets({ holder: { pid: 400, pgid: 400 }, descendants: [], groupMembers: [400, 500], self: { ...self, ancestors: [] } })).toEqual({
      kind: 'pids',
      pids: [400],
    });
  });

  it('never signals a group holding us or an ancestor, nor us, an ancestor or init among the pids', () => {
    const targets = selectStopTargets({ holder: { pid: 900, pgid: 900 }, descendants: [300, 500, 1, 901], groupMembers: [900, 300], self });
    expect(targets).toEqual({ kind: 'pids', pids: [900, 901] });
  });

  it('refuses a holder that is this stackctl or one of its parents', () => {
    expect(selectStopTargets({ holder: { pid: 300, pgid: 300 }, descendants: [], groupMembers: [], self }).kind).toBe('refused');
    expect(selectStopTargets({ holder: { pid: 500, pgid: 400 }, descendants: [], groupMembers: [], self }).kind).toBe('refused');
  });
});

describe('the port-never-opened warning', () => {
  it('waits the start period, or 10 s without one', () => {
    expect(portOpenGraceMs(makeService({ name: 'a' }))).toBe(10_000);
    expect(portOpenGraceMs(makeService({ name: 'a', health: { check: { kind: 'tcp', host: 'h', port: 1 } } }))).toBe(10_000);
    expect(portOpenGraceMs(makeService({ name: 'a', health: { check: { kind: 'tcp', host: 'h', port: 1 }, startPeriodMs: 3_000 } }))).toBe(3_000);
  });

  it('names the port, or the ports', () => {
    expect(portsNotOpenedMessage([4000], 10_000)).toBe('port 4000 was not opened within 10s');
    expect(portsNotOpenedMessage([4000, 9229], 2_500)).toBe('ports 4000, 9229 were not opened within 2.5s');
  });
});
