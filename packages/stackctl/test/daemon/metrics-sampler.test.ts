// CPU and memory per service group from a fake process table: sums, deltas, members coming and going.
import { afterEach, describe, expect, it, vi } from 'vitest';
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

describe('MetricsSampler: one pass for all groups', () => {
  it('asks the groups reader once per sample, for every leader, and not the table group by group', () => {
    const table = new FakeTable();
    table.set(100, 100, { cpu: 0, rss: 10, startedAt: 0 });
    table.set(101, 100, { cpu: 0, rss: 5, startedAt: 0 });
    table.set(200, 200, { cpu: 0, rss: 7, startedAt: 0 });
    let scans = 0;
    table.groupMembers = () => {
      throw new Error('groupMembers called');
    };
    const asked: number[][] = [];
    const sampler = new MetricsSampler({
      processTable: table,
      leaders: () => [100, 200, 100],
      groups: (pgids) => {
        scans += 1;
        asked.push([...pgids]);
        return new Map([
          [100, [100, 101]],
          [200, [200]],
        ]);
      },
      now: () => 10_000,
    });
    sampler.sample();
    expect(scans).toBe(1);
    expect(asked).toEqual([[100, 200]]);
    expect(sampler.lookup(100)?.memoryBytes).toBe(15);
    expect(sampler.lookup(200)?.memoryBytes).toBe(7);
  });
});

describe('MetricsSampler: services in their own cgroup', () => {
  it('counts the cgroup\'s members, a child that left the group included, and asks the groups reader only for the others', () => {
    const table = new FakeTable();
    table.set(100, 100, { cpu: 0, rss: 10, startedAt: 0 });
    table.set(150, 150, { cpu: 0, rss: 40, startedAt: 0 }); // setsid'd child of 100, in 100's cgroup
    table.set(200, 200, { cpu: 0, rss: 7, startedAt: 0 });
    table.set(201, 200, { cpu: 0, rss: 3, startedAt: 0 });
    const asked: number[][] = [];
    const sampler = new MetricsSampler({
      processTable: table,
      leaders: () => [100, 200],
      cgroupMembers: (leader) => (leader === 100 ? [100, 150] : null),
      groups: (pgids) => {
        asked.push([...pgids]);
        return new Map(pgids.map((pgid) => [pgid, table.groupMembers(pgid)]));
      },
      now: () => 10_000,
    });
    sampler.sample();
    expect(asked).toEqual([[200]]);
    expect(sampler.lookup(100)?.memoryBytes).toBe(50);
    expect(sampler.lookup(200)?.memoryBytes).toBe(10);
  });

  it('a lookup of a service not sampled yet counts its cgroup too', () => {
    const table = new FakeTable();
    table.set(100, 100, { cpu: 0, rss: 10, startedAt: 0 });
    table.set(150, 150, { cpu: 0, rss: 40, startedAt: 0 });
    const sampler = new MetricsSampler({ processTable: table, leaders: () => [], cgroupMembers: () => [100, 150], now: () => 10_000 });
    expect(sampler.lookup(100)?.memoryBytes).toBe(50);
  });
});

describe('MetricsSampler: sampling while someone looks', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reads nothing until a lookup, samples every interval while lookups come, rests after watchMs, and resumes on the next', () => {
    vi.useFakeTimers({ now: 10_000 });
    const table = new FakeTable();
    table.set(100, 100, { cpu: 1_000, rss: 1_000, startedAt: 0 });
    let samples = 0;
    const sampler = new MetricsSampler({
      processTable: table,
      leaders: () => [100],
      groups: (pgids) => {
        samples += 1;
        return new Map(pgids.map((pgid) => [pgid, [pgid]]));
      },
      intervalMs: 2_000,
      watchMs: 10_000,
    });
    sampler.start();
    vi.advanceTimersByTime(30_000);
    expect(samples).toBe(0);
    expect(sampler.sampling).toBe(false);

    // The first lookup samples at once (cpu over the leader's life), then the timer runs.
    expect(sampler.lookup(100)).toEqual({ cpuPercent: 2.5, memoryBytes: 1_000 });
    expect(samples).toBe(1);
    expect(sampler.sampling).toBe(true);
    table.set(100, 100, { cpu: 1_400, rss: 1_000, startedAt: 0 });
    vi.advanceTimersByTime(2_000);
    expect(samples).toBe(2);
    expect(sampler.lookup(100)?.cpuPercent).toBe(20);

    // No lookup for watchMs: the timer stops, and nothing is read any more.
    vi.advanceTimersByTime(10_000);
    expect(sampler.sampling).toBe(false);
    const rested = samples;
    vi.advanceTimersByTime(60_000);
    expect(samples).toBe(rested);

    // The next lookup resumes: cpu averages over the rest, back to the last sample.
    table.set(100, 100, { cpu: 1_400 + 620, rss: 2_000, startedAt: 0 }); // 620 ms over the 62 s since the last tick
    expect(sampler.lookup(100)).toEqual({ cpuPercent: 1, memoryBytes: 2_000 });
    expect(sampler.sampling).toBe(true);
    sampler.stop();
    expect(sampler.sampling).toBe(false);
    vi.advanceTimersByTime(10_000);
    expect(samples).toBe(rested + 1);
  });
});
