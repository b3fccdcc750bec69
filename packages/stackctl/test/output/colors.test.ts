// Colour decisions: --no-color, NO_COLOR, FORCE_COLOR, TTY; and FORCE_COLOR handed to services.
import { describe, expect, it } from 'vitest';
import { createPalette, shouldUseColor } from '../../src/output/colors.js';
import { withChildColors } from '../../src/output/child-color-env.js';
import { makeConfig, makeService } from '../helpers/make-config.js';

describe('shouldUseColor', () => {
  it('follows the flag, then NO_COLOR, then FORCE_COLOR, then the TTY', () => {
    expect(shouldUseColor({ noColorFlag: true, env: { FORCE_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(shouldUseColor({ noColorFlag: false, env: { NO_COLOR: '1', FORCE_COLOR: '1' }, isTTY: true })).toBe(false);
    expect(shouldUseColor({ noColorFlag: false, env: { NO_COLOR: '' }, isTTY: true })).toBe(true);
    expect(shouldUseColor({ noColorFlag: false, env: { FORCE_COLOR: '1' }, isTTY: false })).toBe(true);
    expect(shouldUseColor({ noColorFlag: false, env: { FORCE_COLOR: '0' }, isTTY: true })).toBe(false);
    expect(shouldUseColor({ noColorFlag: false, env: {}, isTTY: true })).toBe(true);
    expect(shouldUseColor({ noColorFlag: false, env: {}, isTTY: false })).toBe(false);
  });

  it('leaves text untouched without colour and wraps it in ANSI codes with colour', () => {
    expect(createPalette(false).red('x')).toBe('x');
    expect(createPalette(true).red('x')).toBe('\u001b[31mx\u001b[39m');
  });
});

describe('withChildColors', () => {
  it('adds FORCE_COLOR=1 unless a service already decides FORCE_COLOR or NO_COLOR', () => {
    const config = makeConfig(
      makeService({ name: 'plain', env: { A: '1' } }),
      makeService({ name: 'forced', env: { FORCE_COLOR: '0' } }),
      makeService({ name: 'refusing', env: { NO_COLOR: '1' } }),
    );
    const coloured = withChildColors(config);
    expect(coloured.services.plain?.env).toEqual({ A: '1', FORCE_COLOR: '1' });
    expect(coloured.services.forced?.env).toEqual({ FORCE_COLOR: '0' });
    expect(coloured.services.refusing?.env).toEqual({ NO_COLOR: '1' });
    expect(config.services.plain?.env).toEqual({ A: '1' });
  });
});
