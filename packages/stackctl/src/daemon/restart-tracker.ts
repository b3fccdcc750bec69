// Which restarts are under way on an engine: a host that ends with its stack (`up`) must not take a restart's stop for the end.
import type { EngineHandle, StartOptions, StartOutcome } from '../supervisor/engine-handle.js';

export interface RestartTracker {
  /** The engine, except that every `restart` through it is counted while it runs. Hand it to whoever may restart. */
  readonly engine: EngineHandle;
  /** Whether a restart through `engine` has not resolved (or rejected) yet. */
  busy(): boolean;
  /** Called each time a restart through `engine` has settled; returns the unsubscribe function. */
  onSettled(listener: () => void): () => void;
}

export function trackRestarts(engine: EngineHandle): RestartTracker {
  let pending = 0;
  const listeners = new Set<() => void>();
  const restart = async (names?: readonly string[], options?: StartOptions): Promise<StartOutcome> => {
    pending += 1;
    try {
      return await engine.restart(names, options);
    } finally {
      pending -= 1;
      for (const listener of [...listeners]) listener();
    }
  };
  const tracked = new Proxy(engine, {
    get(target, property) {
      if (property === 'restart') return restart;
      const value: unknown = Reflect.get(target, property);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
  return {
    engine: tracked,
    busy: () => pending > 0,
    onSettled(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
