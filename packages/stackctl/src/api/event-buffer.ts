// A bounded, in-memory ring of the latest engine events, for `GET /api/events`.
import type { EngineHandle } from '../supervisor/engine-handle.js';
import type { EngineEvent } from '../supervisor/types.js';

export const EVENT_BUFFER_CAPACITY = 1000;

export interface EventQuery {
  /** Only events at or after this epoch ms. */
  readonly since?: number;
  /** At most this many, the latest ones. */
  readonly limit?: number;
}

/** What the API reads; a host may hand in its own (backed by state.db, later). */
export interface EventSource {
  recent(query?: EventQuery): readonly EngineEvent[];
}

export class EventBuffer implements EventSource {
  readonly capacity: number;
  readonly #slots: Array<EngineEvent | undefined>;
  /** Index where the next event goes. */
  #next = 0;
  #size = 0;

  constructor(capacity = EVENT_BUFFER_CAPACITY) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`capacity must be a positive integer, got ${capacity}`);
    this.capacity = capacity;
    this.#slots = new Array<EngineEvent | undefined>(capacity).fill(undefined);
  }

  get size(): number {
    return this.#size;
  }

  push(event: EngineEvent): void {
    this.#slots[this.#next] = event;
    this.#next = (this.#next + 1) % this.capacity;
    this.#size = Math.min(this.#size + 1, this.capacity);
  }

  /** Feeds the buffer from `engine.onEvent`; returns the unsubscribe function. */
  attach(engine: Pick<EngineHandle, 'onEvent'>): () => void {
    return engine.onEvent((event) => this.push(event));
  }

  /** Oldest first. */
  recent(query: EventQuery = {}): EngineEvent[] {
    const { since, limit = this.capacity } = query;
    const events: EngineEvent[] = [];
    const start = (this.#next - this.#size + this.capacity) % this.capacity;
    for (let offset = 0; offset < this.#size; offset++) {
      const event = this.#slots[(start + offset) % this.capacity];
      if (event !== undefined && (since === undefined || event.time >= since)) events.push(event);
    }
    return limit >= events.length ? events : events.slice(events.length - Math.max(0, limit));
  }
}
