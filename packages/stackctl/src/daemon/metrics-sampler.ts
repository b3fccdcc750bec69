// Samples cpu and memory of every live service's process group every 2 s while someone looks, for `status` (the API's `metrics(pid)`).
import type { MetricsLookup, ProcessMetrics } from '../api/status-json.js';
import type { ProcessTable } from '../system/process-table/process-table.js';
import type { ProcessGroupsReader } from './process-groups.js';

export const METRICS_INTERVAL_MS = 2000;

/**
 * Sampling goes on this long after the last lookup, then rests until the next one. Why rest: a
 * daemon that reads /proc every 2 s for nobody spends CPU on it, and once that code runs hot V8's
 * optimizing compiler comes in — about 4 MB more resident for an idle daemon (bench/daemon-rss.js).
 * Clients that watch (`status` in a loop, the dashboard) ask more often than this.
 */
export const METRICS_WATCH_MS = 10_000;

export interface MetricsSamplerOptions {
  readonly processTable: ProcessTable;
  /**
   * The leaders (= process group ids) of the live services right now; a pid that leads no group
   * (a service attached to a terminal, an adopted external process) counts with its descendants.
   */
  readonly leaders: () => readonly number[];
  /**
   * The members of the groups led by these pids, all read at once; default: the process table's
   * `groupMembers`, one group at a time (each a pass over the whole process table on Linux).
   */
  readonly groups?: ProcessGroupsReader;
  /**
   * The processes of the service led by this pid when it runs in its own cgroup (Linux): they are
   * its members, whatever their process group, so a child that left the group still counts.
   * Null (or no option): it runs in none, and its process group counts.
   */
  readonly cgroupMembers?: (leader: number) => readonly number[] | null;
  readonly intervalMs?: number;
  /** How long sampling carries on after a lookup (default METRICS_WATCH_MS). */
  readonly watchMs?: number;
  /** Epoch ms; Date.now by default. */
  readonly now?: () => number;
  /** Told about a sampling failure; sampling carries on. */
  readonly onError?: (error: unknown) => void;
}

interface MemberSample {
  readonly startTime: number;
  readonly cpuTimeMs: number;
}

interface GroupSample {
  readonly at: number;
  readonly members: ReadonlyMap<number, MemberSample>;
  readonly metrics: ProcessMetrics;
}

/**
 * Memory is the sum of the resident sizes of the group's members. CPU is the cpu time the members
 * used since the previous sample over the wall time between the two (100% = one core busy); a
 * member new since then counts with all its cpu time if it started after that sample, and a
 * member that left simply stops counting. A group's first sample averages over the leader's life.
 *
 * Sampling runs while someone looks: the first lookup after a rest samples every group at once
 * (its cpu then averages over the rest, back to the previous sample), and the timer carries on
 * until `watchMs` pass without a lookup. A host nobody asks for figures reads nothing from the OS.
 */
export class MetricsSampler {
  readonly #options: MetricsSamplerOptions;
  readonly #now: () => number;
  #samples = new Map<number, GroupSample>();
  #timer: NodeJS.Timeout | null = null;
  #started = false;
  #lastLookup = 0;

  constructor(options: MetricsSamplerOptions) {
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Lets lookups start the sampling timer (which never keeps the process alive). */
  start(): void {
    this.#started = true;
  }

  stop(): void {
    this.#started = false;
    this.#rest();
  }

  /** True while the timer samples (between a lookup and `watchMs` later). */
  get sampling(): boolean {
    return this.#timer !== null;
  }

  /**
   * The latest figures of the group led by `pid`. A group not sampled yet (a service started since
   * the last tick) is sampled now, so a fresh service shows figures at once.
   */
  readonly lookup: MetricsLookup = (pid) => {
    this.#lastLookup = this.#now();
    if (this.#started && this.#timer === null) this.#wake();
    const known = this.#samples.get(pid);
    if (known !== undefined) return known.metrics;
    try {
      const sample = this.#sampleGroup(pid, undefined, this.#options.cgroupMembers?.(pid) ?? undefined);
      if (sample !== null) this.#samples.set(pid, sample);
      return sample?.metrics;
    } catch (error) {
      this.#options.onError?.(error);
      return undefined;
    }
  };

  /** Takes one sample of every live group now (public for tests). */
  sample(): void {
    const leaders = [...new Set(this.#options.leaders())];
    const inCgroups = new Map(leaders.flatMap((leader) => {
      const members = this.#options.cgroupMembers?.(leader) ?? null;
      return members === null ? [] : [[leader, members] as const];
    }));
    const grouped = leaders.filter((leader) => !inCgroups.has(leader));
    const groups = grouped.length > 0 ? this.#options.groups?.(grouped) : undefined;
    const next = new Map<number, GroupSample>();
    for (const leader of leaders) {
      const sample = this.#sampleGroup(leader, this.#samples.get(leader), inCgroups.get(leader) ?? groups?.get(leader));
      if (sample !== null) next.set(leader, sample);
    }
    this.#samples = next;
  }

  /** A lookup after a rest: every group now, then every interval. */
  #wake(): void {
    this.#safeSample();
    this.#timer = setInterval(() => this.#tick(), this.#options.intervalMs ?? METRICS_INTERVAL_MS);
    this.#timer.unref();
  }

  #tick(): void {
    if (this.#now() - this.#lastLookup >= (this.#options.watchMs ?? METRICS_WATCH_MS)) this.#rest();
    else this.#safeSample();
  }

  /** Stops the timer; the samples stay, as the base of the next cpu figures. */
  #rest(): void {
    if (this.#timer !== null) clearInterval(this.#timer);
    this.#timer = null;
  }

  #safeSample(): void {
    try {
      this.sample();
    } catch (error) {
      this.#options.onError?.(error);
    }
  }

  #sampleGroup(leader: number, previous: GroupSample | undefined, members?: readonly number[]): GroupSample | null {
    const table = this.#options.processTable;
    const at = this.#now();
    const leaderInfo = table.info(leader);
    if (leaderInfo === null) return null;
    let memberPids = members ?? table.groupMembers(leader);
    // Not a group leader (a process run in a terminal, or an adopted external one): it and what it started.
    if (!memberPids.includes(leader)) memberPids = [leader, ...table.descendants(leader)];
    const sampled = new Map<number, MemberSample>();
    let memory = 0;
    let cpuUsed = 0;
    let cpuTotal = 0;
    for (const pid of memberPids) {
      const info = pid === leader ? leaderInfo : table.info(pid);
      if (info === null || info.state === 'Z') continue;
      memory += info.rssBytes;
      cpuTotal += info.cpuTimeMs;
      sampled.set(pid, { startTime: info.startTime, cpuTimeMs: info.cpuTimeMs });
      const before = previous?.members.get(pid);
      if (before !== undefined && before.startTime === info.startTime) cpuUsed += Math.max(0, info.cpuTimeMs - before.cpuTimeMs);
      else if (previous !== undefined && info.startedAt >= previous.at - 1000) cpuUsed += info.cpuTimeMs;
    }
    let cpuPercent: number | null;
    if (previous === undefined) {
      const lifeMs = at - leaderInfo.startedAt;
      cpuPercent = lifeMs > 0 ? (cpuTotal / lifeMs) * 100 : null;
    } else {
      const wallMs = at - previous.at;
      cpuPercent = wallMs > 0 ? (cpuUsed / wallMs) * 100 : previous.metrics.cpuPercent;
    }
    // A live process never has no resident memory: 0 means the group was caught mid-exec. Unknown, not 0.
    if (memory === 0) return null;
    return {
      at,
      members: sampled,
      metrics: { cpuPercent: cpuPercent === null ? null : Math.round(cpuPercent * 10) / 10, memoryBytes: memory },
    };
  }
}
