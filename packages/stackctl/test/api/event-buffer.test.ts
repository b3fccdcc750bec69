// EventBuffer: bounded ring, oldest first, `since` and `limit`, fed from engine.onEvent.
import { describe, expect, it } from 'vitest';
import { EVENT_BUFFER_CAPACITY, EventBuffer } from '../../src/api/event-buffer.js';
import type { EngineEvent } from '../../src/supervisor/types.js';
import { FakeEngine } from './fake-engine.js';

function warning(time: number): EngineEvent {
  return { type: 'warning', service: 'api', time, message: `w${time}` };
}

describe('EventBuffer', () => {
  it('holds 1000 events by default', () => {
    expect(new EventBuffer().capacity).toBe(EVENT_BUFFER_CAPACITY);
    expect(EVENT_BUFFER_CAPACITY).toBe(1000);
  });

  it('keeps only the latest `capacity` events, oldest first', () => {
    const buffer = new EventBuffer(3);
    for (let time = 1; time <= 5; time++) buffer.push(warning(time));
    expect(buffer.size).toBe(3);
    expect(buffer.recent().map((event) => event.time)).toEqual([3, 4, 5]);
  });

  it('filters by `since` (inclusive) and keeps the latest `limit`', () => {
    const buffer = new EventBuffer(10);
    for (let time = 1; time <= 6; time++) buffer.push(warning(time));
    expect(buffer.recent({ since: 4 }).map((event) => event.time)).toEqual([4, 5, 6]);
    expect(buffer.recent({ limit: 2 }).map((event) => event.time)).toEqual([5, 6]);
    expect(buffer.recent({ since: 2, limit: 0 })).toEqual([]);
    expect(new EventBuffer(2).recent()).toEqual([]);
  });

  it('is fed by attach and stops with the unsubscribe it returns', () => {
    const engine = new FakeEngine([]);
    const buffer = new EventBuffer(5);
    const detach = buffer.attach(engine);
    engine.emit(warning(1));
    detach();
    engine.emit(warning(2));
    expect(buffer.recent().map((event) => event.time)).toEqual([1]);
  });

  it('refuses a capacity that is not a positive integer', () => {
    expect(() => new EventBuffer(0)).toThrow(RangeError);
  });
});
