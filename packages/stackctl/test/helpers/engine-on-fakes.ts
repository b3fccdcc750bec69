// An engine on a FakePlatform (and its process table) for unit tests: events recorded, status and warnings by service, fake timers.
import { afterEach, beforeEach, vi } from 'vitest';
import { systemClock } from '../../src/system/clock.js';
import { createEngine, type EngineHandle, type EngineOptions } from '../../src/supervisor/index.js';
import type { EngineEvent, ServiceStatus } from '../../src/supervisor/types.js';
import { FakePlatform } from './fake-platform.js';
import { makeConfig, makeService } from './make-config.js';

/** A service as makeService takes it; its command defaults to its name, which names the fake platform's children. */
export type ServiceInput = Parameters<typeof makeService>[0];

export interface EngineOnFakes {
  readonly platform: FakePlatform;
  readonly engine: EngineHandle;
  /** Every event, in order. */
  readonly events: EngineEvent[];
  readonly status: (name: string) => ServiceStatus;
  /** The warning messages of `name`, or of every service. */
  readonly warnings: (name?: string) => string[];
}

export type EngineOnFakesOptions = Partial<Omit<EngineOptions, 'config' | 'platform'>> & { readonly platform?: FakePlatform };

/** Creates the engine; `options` go to createEngine as they are (default: a new FakePlatform, the system clock). */
export function engineOnFakes(services: readonly ServiceInput[], options: EngineOnFakesOptions = {}): EngineOnFakes {
  const platform = options.platform ?? new FakePlatform();
  const engine = createEngine({
    config: makeConfig(...services.map((service) => makeService({ command: service.name, ...service }))),
    processTable: platform.table,
    clock: systemClock,
    ...options,
    platform,
  });
  const events: EngineEvent[] = [];
  engine.onEvent((event) => events.push(event));
  return {
    platform,
    engine,
    events,
    status: (name) => engine.status().find((each) => each.name === name) as ServiceStatus,
    warnings: (name) => events.flatMap((e) => (e.type === 'warning' && (name === undefined || e.service === name) ? [e.message] : [])),
  };
}

/** Fake timers and Date around every test of the file (call at its top level); `tick` moves them on. */
export function useFakeTimers(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  });
  afterEach(() => {
    vi.useRealTimers();
  });
}

/** Advances the fake timers by `ms`, running what falls due and the promises it settles. */
export const tick = (ms = 0): Promise<unknown> => vi.advanceTimersByTimeAsync(ms);
