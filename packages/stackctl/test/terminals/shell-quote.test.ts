// The POSIX quoter: exact output for typical inputs, and real shells reading every quoted string back unchanged.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { posixCommandLine, quotePosix } from '../../src/terminals/index.js';

const SAMPLES = [
  '',
  'plain',
  '/usr/bin/node',
  'with space',
  "it's",
  "''",
  'say "hi"',
  '$HOME and ${PATH}',
  '`whoami` $(id)',
  'back\\slash\\',
  '\\',
  'tab\there',
  'new\nline',
  'glob * ? [a]',
  '~user',
  '=ls',
  '%self',
  '-n',
  'a;b|c&d>e<f',
  '!history',
  'héllo wörld ✓ 日本 🚀',
];

/** What a real shell makes of quoted words: `printf '%s\0' <words>` through `<shell> -c`. */
function readBack(shell: string, quoted: readonly string[]): string[] {
  const result = spawnSync(shell, ['-c', `printf '%s\\0' ${quoted.join(' ')}`], { encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return result.stdout.split('\0').slice(0, -1);
}

const shells = ['/bin/sh', '/bin/bash', '/usr/bin/zsh', '/usr/bin/fish'].filter((shell) => existsSync(shell));

describe('quotePosix', () => {
  it.each([
    ['', "''"],
    ['plain', 'plain'],
    ['/usr/bin/node', '/usr/bin/node'],
    ['with space', "'with space'"],
    ["it's", "'it'\\''s'"],
    ['say "hi"', `'say "hi"'`],
    ['$HOME', "'$HOME'"],
    ['`id`', "'`id`'"],
    ['a\\b', "'a'\\\\'b'"],
    ['=ls', "'=ls'"],
    ['日本', "'日本'"],
  ])('quotes %j as %s', (input, expected) => {
    expect(quotePosix(input)).toBe(expected);
  });

  it.each(shells)('is read back unchanged by %s', (shell) => {
    expect(readBack(shell, SAMPLES.map(quotePosix))).toEqual(SAMPLES);
  });

  it('round-trips any string through /bin/sh (fast-check, one shell per batch)', () => {
    const arg = fc.string({ unit: 'binary', maxLength: 40 }).filter((value) => !value.includes('\0'));
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 20 }), (values) => {
        expect(readBack('/bin/sh', values.map(quotePosix))).toEqual(values);
      }),
      { numRuns: 60 },
    );
  });

  it('joins an argv into one command line', () => {
    expect(posixCommandLine(['node', '/a b/c.js', 'logs', '-f', "o'k"])).toBe("node '/a b/c.js' logs -f 'o'\\''k'");
  });
});
