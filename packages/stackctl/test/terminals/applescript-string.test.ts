// The AppleScript string escaper: table-driven, and a model of AppleScript's literal reading gives back the original.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appleScriptString } from '../../src/terminals/index.js';

/** How AppleScript reads a string literal: `\\`, `\"`, `\n`, `\r`, `\t` are escapes. */
function readLiteral(literal: string): string {
  expect(literal.startsWith('"') && literal.endsWith('"')).toBe(true);
  const body = literal.slice(1, -1);
  expect(body).not.toMatch(/(^|[^\\])(\\\\)*"/); // no unescaped quote ends it early
  return body.replace(/\\(.)/gs, (_, char: string) => ({ n: '\n', r: '\r', t: '\t' })[char] ?? char);
}

describe('appleScriptString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['back\\slash', '"back\\\\slash"'],
    ["it's $HOME `x`", '"it\'s $HOME `x`"'],
    ['a\nb\tc\rd', '"a\\nb\\tc\\rd"'],
    ['日本 🚀', '"日本 🚀"'],
    ["cd '/a \"b\"' && exec 'x'\\''y'", '"cd \'/a \\"b\\"\' && exec \'x\'\\\\\'\'y\'"'],
  ])('escapes %j', (input, expected) => {
    expect(appleScriptString(input)).toBe(expected);
  });

  it('reads back as the original for any string (fast-check)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (value) => {
        expect(readLiteral(appleScriptString(value))).toBe(value);
      }),
    );
  });
});
