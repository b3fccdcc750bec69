// CPU and memory per service group from a fake process table: sums, deltas, members coming and going.
import { describe, expect, it } from 'vitest';
import { MetricsSampler } from '../../src/daemon/metrics-sampler.js';
import type { ProcessInfo, ProcessTable } from '../../src/system/process-table/index.js';

class FakeTable implements ProcessTable {
  readonly processes = new Map<number, ProcessInfo>();

  set(pid: number, pgid: number, fields: { cpu: number; rss: number; startedAt?: number; startTime?: number }): void {
    this.processes.set(pid, {
      pid,
      ppid: 1,
      pgid,
      state: 'S',
      startTime: fields.startTime ?? pid,
      startedAt: fields.startedAt ?? 0,
      name: 'node',
      argv: ['node'],
      command: 'node',
      cwd: null,
      rssBytes: fields.rss,
      cpuTimeMs: fields.cpu,
      cpuUserMs: null,
      cpuSystemMs: null,
    });
  }
  info(pid: number): ProcessInfo | null {
    return this.processes.get(pid) ?? null;
  }
  children(): number[] {
    return [];
  }
  descendants(): number[] {
    return [];
  }
  groupMembers(pgid: number): number[] {
    return [...this.processes.values()].filter((info) => info.pgid === pgid).map((info) => info.pid);
  }
}

function setup(leaders: number[]) {
  const table = new FakeTable();
  let now = 10_000;
  const sampler = new MetricsSampler({ processTable: table, leaders: () => leaders, now: () => now });
  return { table, sampler, advance: (ms: number) => (now += ms) };
}

describe('MetricsSampler', () => {
  it('sums memory over the group and averages cpu over the leader’s life at first', () => {
    const { table, sampler } = setup([100]);
    table.set(100, 100, { cpu: 500, rss: 30_000_000, startedAt: 0 });
    table.set(101, 100, { cpu: 500, rss: 18_000_000, startedAt: 5_000 });
    table.set(200, 200, { cpu: 9_999, rss: 1 }); // another group
    sampler.sample();
    expect(sampler.lookup(100)).toEqual({ cpuPercent: 10, memoryBytes: 48_000_000 });
    expect(sampler.lookup(999)).toBeUndefined();
  });

  it('takes cpu from the time used since the previous sample', () => {
    const { table, sampler, advance } = setup([100]);
    table.set(100, 100, { cpu: 1_000, rss: 1_000, startedAt: 0 });
    table.set(101, 100, { cpu: 100, rss: 1_000, startedAt: 0 });
    sampler.sample();
    advance(2_000);
    table.set(100, 100, { cpu: 1_300, rss: 2_000, startedAt: 0 });
    table.set(101, 100, { cpu: 108, rss: 1_000, startedAt: 0 });
    sampler.sample();
    expect(sampler.lookup(100)).toEqual({ cpuPercent: 15.4, memoryBytes: 3_000 });
  });

  it('counts a new member’s whole cpu time, and a member that left no more', () => {
    const { table, sampler, advance } = setup([100]);
    table.set(100, 100, { cpu: 1_000, rss: 1_000, startedAt: 0 });
    table.set(101, 100, { cpu: 100_000, rss: 1_000, startedAt: 0 });
    sampler.sample();
    advance(1_000);
    table.processes.delete(101);
    table.set(102, 100, { cpu: 200, rss: 500, startedAt: 10_500 });
    table.set(100, 100, { cpu: 1_100, rss: 1_000, startedAt: 0 });
    sampler.sample();
    expect(sampler.lookup(100)).toEqual({ cpuPercent: 30, memoryBytes: 1_500 });
  });

  it('does not count a reused pid as the same member', () => {
    const { table, sampler, advance } = setup([100]);
    table.set(100, 100, { cpu: 0, rss: 1, startedAt: 0 });
    table.set(101, 100, { cpu: 5_000, rss: 1, startedAt: 0, startTime: 1 });
    sampler.sample();
    advance(1_000);
    table.set(101, 100, { cpu: 50, rss: 1, startedAt: 10_900, startTime: 2 });
    sampler.sample();
    expect(sampler.lookup(100)?.cpuPercent).toBe(5);
  });

  it('forgets groups that are no longer live, and samples an unknown live group on lookup', () => {
    const leaders = [100];
    const { table, sampler } = setup(leaders);
    table.set(100, 100, { cpu: 0, rss: 7, startedAt: 0 });
    table.set(300, 300, { cpu: 0, rss: 9, startedAt: 0 });
    sampler.sample();
    leaders.splice(0);
    table.processes.delete(100);
    sampler.sample();
    expect(sampler.lookup(100)).toBeUndefined();
    expect(sampler.lookup(300)).toEqual({ cpuPercent: 0, memoryBytes: 9 });
  });
});
