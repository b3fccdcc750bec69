// `logs --since`: durations back from now and absolute times; anything else is a usage error.
import { describe, expect, it } from 'vitest';
import { parseSince } from '../../src/cli/parse-since.js';
import { StackctlError } from '../../src/errors/index.js';

const NOW = Date.parse('2024-05-01T12:00:00.000Z');

describe('parseSince', () => {
  it.each([
    ['10m', 10 * 60_000],
    ['2h', 2 * 3_600_000],
    ['1h30m', 90 * 60_000],
    ['45s', 45_000],
    ['500ms', 500],
    ['90', 90_000],
    [' 5m ', 5 * 60_000],
  ])('%s means that long before now', (text, ago) => {
    expect(parseSince(text, NOW)).toBe(NOW - ago);
  });

  it('takes an ISO date and time', () => {
    expect(parseSince('2024-05-01T09:30:00Z', NOW)).toBe(Date.parse('2024-05-01T09:30:00Z'));
    expect(parseSince('2024-04-30', NOW)).toBe(Date.parse('2024-04-30'));
  });

  it.each(['', 'yesterday', '10x', '-5m', '2024-13-45', 'm10'])('rejects %j with E_USAGE and a hint', (text) => {
    let caught: unknown;
    try {
      parseSince(text, NOW);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StackctlError);
    expect((caught as StackctlError).code).toBe('E_USAGE');
    expect((caught as StackctlError).hint).toMatch(/10m/);
  });
});
