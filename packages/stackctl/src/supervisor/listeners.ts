// A minimal listener set: subscribe returns an unsubscribe function; a throwing listener never breaks the engine.

export class Listeners<T> {
  readonly #listeners = new Set<(value: T) => void>();

  constructor(private readonly onListenerError: (error: unknown) => void) {}

  subscribe(listener: (value: T) => void): () => void {
    // Wrap, so the same function subscribed twice gets two independent subscriptions.
    const entry = (value: T): void => listener(value);
    this.#listeners.add(entry);
    return () => {
      this.#listeners.delete(entry);
    };
  }

  emit(value: T): void {
    // Set iteration tolerates listeners that unsubscribe while being called.
    for (const listener of this.#listeners) {
      try {
        listener(value);
      } catch (error) {
        this.onListenerError(error);
      }
    }
  }
}
