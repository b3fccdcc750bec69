// The engine's output fan-out: one batch per chunk read; per-line listeners get OutputLine objects made just for them.
import { Listeners } from './listeners.js';
import type { OutputBatch, OutputLine } from './types.js';

/**
 * Batch listeners (the log files) get each chunk's lines as they come. An OutputLine per line is
 * only allocated while someone listens per line (`up`'s printer, tests): a daemon writing a
 * service's million lines to its log file allocates none. Batch listeners hear of a chunk before
 * per-line listeners do.
 */
export class OutputListeners {
  readonly #batches: Listeners<OutputBatch>;
  readonly #lines: Listeners<OutputLine>;
  #lineListeners = 0;

  constructor(onListenerError: (error: unknown) => void) {
    this.#batches = new Listeners(onListenerError);
    this.#lines = new Listeners(onListenerError);
  }

  emit(batch: OutputBatch): void {
    this.#batches.emit(batch);
    if (this.#lineListeners === 0) return;
    const { service, stream, time } = batch;
    for (const line of batch.lines) this.#lines.emit({ service, stream, line, time });
  }

  onBatch(listener: (batch: OutputBatch) => void): () => void {
    return this.#batches.subscribe(listener);
  }

  onLine(listener: (line: OutputLine) => void): () => void {
    const unsubscribe = this.#lines.subscribe(listener);
    this.#lineListeners += 1;
    let subscribed = true;
    return () => {
      if (!subscribed) return;
      subscribed = false;
      this.#lineListeners -= 1;
      unsubscribe();
    };
  }
}
