// Suggestions for near misses: close keys and service names are suggested, distant ones are not.
import { describe, expect, it } from 'vitest';
import { didYouMean, editDistance } from '../../src/config/did-you-mean.js';

describe('didYouMean', () => {
  const keys = ['command', 'cwd', 'env', 'env_file', 'port', 'ports', 'health', 'depends_on', 'restart'];

  it.each([
    ['depend_on', 'depends_on'],
    ['prot', 'port'],
    ['helth', 'health'],
    ['comand', 'command'],
    ['envfile', 'env_file'],
    ['Restart', 'restart'],
  ])('%s → %s', (input, expected) => {
    expect(didYouMean(input, keys)).toBe(expected);
  });

  it('suggests nothing when nothing is close', () => {
    expect(didYouMean('frobnicate', keys)).toBeUndefined();
    expect(didYouMean('xy', ['db'])).toBeUndefined();
  });

  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('prot', 'port')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('', 'abc')).toBe(3);
  });
});
