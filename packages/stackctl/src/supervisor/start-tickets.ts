// Start tickets: every start request and every stop supersedes the ticket before, so a stale dependency wait can neither spawn nor fail a service.
export interface StartTicket {
  readonly ticket: number;
  /** Aborted when a stop or another start supersedes this one, so its dependency waits let go. */
  readonly signal: AbortSignal;
}

export class StartTickets {
  #epoch = 0;
  /** The pending start's, until it is acted on or superseded. */
  #pending: AbortController | null = null;

  /** A new ticket, superseding the one before. */
  issue(): StartTicket {
    this.supersede();
    this.#pending = new AbortController();
    return { ticket: this.#epoch, signal: this.#pending.signal };
  }

  /** No ticket issued so far counts any more (a stop, a detach); the pending start's signal aborts. */
  supersede(): void {
    this.#epoch += 1;
    this.#pending?.abort();
    this.#pending = null;
  }

  /** No stop and no other start came since `ticket` was issued. */
  isLatest(ticket: number): boolean {
    return ticket === this.#epoch;
  }

  /** The pending start is being acted on (spawned, failed, a process taken over): its signal no longer aborts. */
  settle(): void {
    this.#pending = null;
  }
}
