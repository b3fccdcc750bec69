// The progress of `start` / `restart`: the fold of engine events and outcome, and its rendering (pipe and terminal).
import { describe, expect, it } from 'vitest';
import { createPalette } from '../../src/output/colors.js';
import { ProgressDisplay, renderProgressLine } from '../../src/output/start-progress-display.js';
import {
  applyProgressEvents,
  applyProgressOutcome,
  initialProgress,
  type ProgressEntry,
  type ProgressTarget,
} from '../../src/output/start-progress-model.js';
import type { EngineEvent } from '../../src/supervisor/types.js';

const T0 = 1_000_000;
const plain = createPalette(false);

const targets: ProgressTarget[] = [
  { name: 'migrate', goal: 'completed', already: false },
  { name: 'db', goal: 'healthy', already: false },
  { name: 'api', goal: 'running', already: false },
  { name: 'cache', goal: 'running', already: true },
];

const events: EngineEvent[] = [
  { type: 'state', service: 'db', time: T0 - 5, from: 'stopped', to: 'starting' }, // before the request: ignored
  { type: 'state', service: 'db', time: T0 + 1, from: 'stopped', to: 'starting' },
  { type: 'spawn', service: 'db', time: T0 + 10, pid: 812 },
  { type: 'state', service: 'db', time: T0 + 10, from: 'starting', to: 'running' },
  { type: 'spawn', service: 'migrate', time: T0 + 12, pid: 813 },
  {
    type: 'exit',
    service: 'migrate',
    time: T0 + 700,
    exit: { pid: 813, code: 0, signal: null, startedAt: T0 + 12, endedAt: T0 + 700, durationMs: 688, stoppedByUs: false, forced: false },
  },
  { type: 'health', service: 'db', time: T0 + 1200, from: 'starting', to: 'healthy', sinceStartMs: 1190 },
  { type: 'spawn', service: 'api', time: T0 + 1250, pid: 900 },
  { type: 'state', service: 'api', time: T0 + 1250, from: 'starting', to: 'running' },
];

function byName(entries: readonly ProgressEntry[]): Record<string, Pick<ProgressEntry, 'phase' | 'detail'>> {
  return Object.fromEntries(entries.map(({ name, phase, detail }) => [name, { phase, detail }]));
}

describe('progress model', () => {
  it('counts a service with a settle time (min_uptime) as running only once it has run that long', () => {
    const settling: ProgressTarget[] = [{ name: 'api', goal: 'running', already: false, settleMs: 1000 }];
    const running: EngineEvent[] = [
      { type: 'spawn', service: 'api', time: T0 + 10, pid: 900 },
      { type: 'state', service: 'api', time: T0 + 10, from: 'starting', to: 'running' },
    ];
    expect(byName(applyProgressEvents(initialProgress(settling), running, T0, T0 + 500)).api).toEqual({ phase: 'starting', detail: 'running' });
    expect(byName(applyProgressEvents(initialProgress(settling), running, T0, T0 + 1010)).api).toEqual({ phase: 'done', detail: 'running in 1s' });
    const crashed: EngineEvent[] = [
      ...running,
      { type: 'exit', service: 'api', time: T0 + 300, exit: { pid: 900, code: 1, signal: null, startedAt: T0 + 10, endedAt: T0 + 300, durationMs: 290, stoppedByUs: false, forced: false } },
      { type: 'state', service: 'api', time: T0 + 300, from: 'running', to: 'exited' },
    ];
    expect(byName(applyProgressEvents(initialProgress(settling), crashed, T0, T0 + 2000)).api).toEqual({ phase: 'starting', detail: 'exited with code 1' });
    const restarting: EngineEvent[] = [
      ...running,
      { type: 'state', service: 'api', time: T0 + 300, from: 'running', to: 'backoff' },
      { type: 'restart-scheduled', service: 'api', time: T0 + 300, delayMs: 0, attempt: 1 },
    ];
    expect(byName(applyProgressEvents(initialProgress(settling), restarting, T0, T0 + 2000)).api).toEqual({ phase: 'starting', detail: 'restarting in 0ms (attempt 1)' });
  });

  it('shows what a service still starting waits for (a dependency not healthy yet)', () => {
    const waiting: EngineEvent[] = [
      { type: 'state', service: 'api', time: T0 + 1, from: 'stopped', to: 'starting' },
      { type: 'waiting', service: 'api', time: T0 + 600, dependency: 'db', reason: 'waiting for db: unhealthy (HTTP 503)' },
    ];
    expect(byName(applyProgressEvents(initialProgress(targets), waiting, T0)).api).toEqual({
      phase: 'starting',
      detail: 'waiting for db: unhealthy (HTTP 503)',
    });
  });

  it('starts each service waiting, or done when it is already at its goal', () => {
    expect(byName(initialProgress(targets))).toEqual({
      migrate: { phase: 'waiting', detail: 'waiting' },
      db: { phase: 'waiting', detail: 'waiting' },
      api: { phase: 'waiting', detail: 'waiting' },
      cache: { phase: 'done', detail: 'already running' },
    });
  });

  it('follows spawns, health and exits to each goal, timed from the request', () => {
    const midway = applyProgressEvents(initialProgress(targets), events.slice(0, 4), T0);
    expect(byName(midway).db).toEqual({ phase: 'starting', detail: 'running, waiting for its health check' });
    expect(byName(midway).migrate).toEqual({ phase: 'waiting', detail: 'waiting' });

    expect(byName(applyProgressEvents(initialProgress(targets), events, T0))).toEqual({
      migrate: { phase: 'done', detail: 'completed in 700ms' },
      db: { phase: 'done', detail: 'healthy in 1.2s' },
      api: { phase: 'done', detail: 'running in 1.3s' },
      cache: { phase: 'done', detail: 'already running' },
    });
  });

  it('shows restarts and failures, and lets the outcome settle the rest', () => {
    const crashing: EngineEvent[] = [
      { type: 'spawn', service: 'api', time: T0 + 5, pid: 900 },
      { type: 'restart-scheduled', service: 'api', time: T0 + 50, delayMs: 200, attempt: 1 },
      { type: 'state', service: 'db', time: T0 + 60, from: 'running', to: 'failed', reason: 'crash loop: 6 restarts within 60s' },
    ];
    const folded = applyProgressEvents(initialProgress(targets), crashing, T0);
    expect(byName(folded).api).toEqual({ phase: 'starting', detail: 'restarting in 200ms (attempt 1)' });
    expect(byName(folded).db).toEqual({ phase: 'failed', detail: 'crash loop: 6 restarts within 60s' });

    const settled = applyProgressOutcome(
      folded,
      { started: ['migrate', 'cache'], failed: [{ name: 'api', reason: 'dependency db failed: crash loop' }, { name: 'db', reason: 'crash loop' }] },
      2500,
    );
    expect(byName(settled)).toEqual({
      migrate: { phase: 'done', detail: 'completed in 2.5s' },
      db: { phase: 'failed', detail: 'crash loop' },
      api: { phase: 'failed', detail: 'dependency db failed: crash loop' },
      cache: { phase: 'done', detail: 'already running' },
    });
  });
});

describe('progress display', () => {
  const entries: ProgressEntry[] = [
    { name: 'db', goal: 'healthy', phase: 'done', detail: 'healthy in 1.2s' },
    { name: 'worker', goal: 'running', phase: 'failed', detail: 'exited with code 1' },
    { name: 'api', goal: 'running', phase: 'starting', detail: 'pid 900' },
    { name: 'web', goal: 'running', phase: 'waiting', detail: 'waiting' },
  ];

  it('renders one line per state, names aligned', () => {
    expect(entries.map((entry, frame) => renderProgressLine(entry, 6, frame, plain))).toEqual([
      '✓ db      healthy in 1.2s',
      '✗ worker  failed: exited with code 1',
      '⠹ api     pid 900',
      '· web     waiting',
    ]);
  });

  it('prints each result once when not on a terminal', () => {
    const written: string[] = [];
    const display = new ProgressDisplay({ write: (text) => written.push(text), tty: false, palette: plain });
    display.update(entries);
    display.update(entries);
    display.update(entries.map((entry) => (entry.name === 'api' ? { ...entry, phase: 'done', detail: 'running in 2s' } : entry)));
    display.stop();
    expect(written.join('')).toBe(
      ['✓ db      healthy in 1.2s', '✗ worker  failed: exited with code 1', '✓ api     running in 2s', '· web     waiting'].join('\n') + '\n',
    );
  });

  it('redraws the same lines in place on a terminal', () => {
    const written: string[] = [];
    const display = new ProgressDisplay({ write: (text) => written.push(text), tty: true, palette: plain });
    display.update(entries);
    display.update(entries);
    display.stop();
    expect(written[0]).not.toContain('\u001b[4A');
    expect(written[0]?.split('\n')).toHaveLength(5);
    expect(written[1]?.startsWith('\u001b[4A\r\u001b[2K✓ db')).toBe(true);
    expect(written.at(-1)).toContain('\r\u001b[2K· web     waiting\n');
  });
});
