// Unit tests of start tickets: only the latest start may act, and a superseded one's dependency waits let go.
import { describe, expect, it } from 'vitest';
import { StartTickets } from '../../src/supervisor/start-tickets.js';

describe('StartTickets', () => {
  it('lets only the latest ticket act, and aborts the signal of the one it supersedes', () => {
    const tickets = new StartTickets();
    const first = tickets.issue();
    expect(tickets.isLatest(first.ticket)).toBe(true);
    const second = tickets.issue();
    expect([tickets.isLatest(first.ticket), first.signal.aborted]).toEqual([false, true]);
    expect([tickets.isLatest(second.ticket), second.signal.aborted]).toEqual([true, false]);
    tickets.supersede();
    expect([tickets.isLatest(second.ticket), second.signal.aborted]).toEqual([false, true]);
  });

  it('no longer aborts a settled start: its waits are over', () => {
    const tickets = new StartTickets();
    const start = tickets.issue();
    tickets.settle();
    tickets.supersede();
    expect([tickets.isLatest(start.ticket), start.signal.aborted]).toEqual([false, false]);
  });
});
