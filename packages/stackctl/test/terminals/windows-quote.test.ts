// The Windows quoter (inverse of CommandLineToArgvW) and the tokens given to `wt`, checked against a model of both parsers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { quoteWindowsArg, windowsCommandLine, wtCommandTokens } from '../../src/terminals/index.js';
import { commandLineToArgv, wtRejoin, wtTabs } from './command-line-to-argv.js';

const SAMPLES = [
  'plain',
  '',
  'C:\\Program Files\\nodejs\\node.exe',
  'C:\\dir with space\\',
  'trailing\\\\',
  'say "hi"',
  'back\\"quote',
  '\\\\server\\share',
  "it's $HOME `x` %PATH% ^&|<>",
  'tab\there',
  'new\nline',
  '日本 🚀',
];

describe('quoteWindowsArg', () => {
  it.each([
    ['plain', 'plain'],
    ['', '""'],
    ['a b', '"a b"'],
    ['C:\\dir with space\\', '"C:\\dir with space\\\\"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\"quote', '"back\\\\\\"quote"'],
    ['C:\\no\\spaces', 'C:\\no\\spaces'],
    ["$HOME's", "$HOME's"],
  ])('quotes %j as %s', (input, expected) => {
    expect(quoteWindowsArg(input)).toBe(expected);
  });

  it('is split back into the same argv (samples)', () => {
    expect(commandLineToArgv(windowsCommandLine(SAMPLES))).toEqual(SAMPLES);
  });

  it('is split back into the same argv (fast-check)', () => {
    const arg = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '"', '\\', '$', "'", 'é', '日') });
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 6 }), (argv) => {
        expect(commandLineToArgv(windowsCommandLine(argv))).toEqual(argv);
      }),
      { numRuns: 500 },
    );
  });
});

describe('wtCommandTokens', () => {
  it('gives a spaced argument without its outer quotes (wt adds them) and others already quoted', () => {
    expect(wtCommandTokens(['C:\\Program Files\\node.exe', 'say "hi"', 'a"b', '', 'x'])).toEqual([
      'C:\\Program Files\\node.exe',
      'say \\"hi\\"',
      '"a\\"b"',
      '""',
      'x',
    ]);
  });

  it('escapes the wt command separator', () => {
    expect(wtCommandTokens(['a;b'])).toEqual(['a\\;b']);
  });

  it('reaches the tab process unchanged after wt rejoins its arguments (fast-check)', () => {
    const arg = fc.string({ unit: fc.constantFrom('a', ' ', '\t', '"', '\\', '$', "'", '日') });
    fc.assert(
      fc.property(fc.array(arg, { maxLength: 6 }), (argv) => {
        expect(commandLineToArgv(wtRejoin(wtCommandTokens(argv)))).toEqual(argv);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps a ";" through wt splitting its commands, as wt documents `\\;` (fast-check)', () => {
    const arg = fc.string({ unit: fc.constantFrom('a', ' ', ';', '"', '\\', '$') });
    fc.assert(
      fc.property(fc.array(arg, { minLength: 1, maxLength: 6 }), (argv) => {
        expect(wtTabs(['wt', 'new-tab', ...wtCommandTokens(argv)])[0]?.argv).toEqual(argv);
      }),
      { numRuns: 500 },
    );
  });
});
