// trackRestarts: a restart through the tracked engine counts as under way from its call until it settles, stop phase included.
import { describe, expect, it } from 'vitest';
import { trackRestarts } from '../../src/daemon/restart-tracker.js';
import type { EngineHandle, StartOutcome } from '../../src/supervisor/engine-handle.js';

interface Pending {
  readonly resolve: (outcome: StartOutcome) => void;
  readonly reject: (error: Error) => void;
}

/** An engine whose restarts stay pending until the test settles them (in `pending`, in call order); `stop` is counted. */
function pausedEngine(): { engine: EngineHandle; pending: Pending[]; stops: () => number } {
  const pending: Pending[] = [];
  let stops = 0;
  const engine = {
    restart: () => new Promise<StartOutcome>((resolve, reject) => pending.push({ resolve, reject })),
    stop: async () => {
      stops += 1;
    },
  } as unknown as EngineHandle;
  return { engine, pending, stops: () => stops };
}

const OUTCOME: StartOutcome = { started: ['a'], failed: [] };

describe('trackRestarts', () => {
  it('is busy from the call until the restart resolves, then tells its listeners', async () => {
    const { engine, pending } = pausedEngine();
    const tracker = trackRestarts(engine);
    const settled: boolean[] = [];
    tracker.onSettled(() => settled.push(tracker.busy()));
    expect(tracker.busy()).toBe(false);
    const restart = tracker.engine.restart(['a']);
    expect(tracker.busy()).toBe(true);
    pending[0]?.resolve(OUTCOME);
    expect(await restart).toEqual(OUTCOME);
    expect(tracker.busy()).toBe(false);
    expect(settled).toEqual([false]);
  });

  it('counts overlapping restarts, and a rejected one settles too', async () => {
    const { engine, pending } = pausedEngine();
    const tracker = trackRestarts(engine);
    let calls = 0;
    const unsubscribe = tracker.onSettled(() => (calls += 1));
    const first = tracker.engine.restart(['a']);
    const second = tracker.engine.restart(['b']);
    pending[1]?.reject(new Error('spawn failed'));
    await expect(second).rejects.toThrow('spawn failed');
    expect(tracker.busy()).toBe(true);
    pending[0]?.resolve(OUTCOME);
    await first;
    expect(tracker.busy()).toBe(false);
    expect(calls).toBe(2);
    unsubscribe();
    const third = tracker.engine.restart([]);
    pending[2]?.resolve(OUTCOME);
    await third;
    expect(calls).toBe(2);
  });

  it('passes every other method through to the engine', async () => {
    const { engine, stops } = pausedEngine();
    const tracker = trackRestarts(engine);
    await tracker.engine.stop(['a']);
    expect(stops()).toBe(1);
    expect(tracker.busy()).toBe(false);
  });
});
