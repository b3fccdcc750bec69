// The tolerant JSONC reader: comments, trailing commas, positions of array items, and clear errors.
import { describe, expect, it } from 'vitest';
import { JsoncSyntaxError, jsoncValue, parseJsonc } from '../../src/terminals/jsonc.js';

describe('parseJsonc', () => {
  it('reads comments and trailing commas, and leaves "//" inside strings alone', () => {
    const text = `// top\n{ /* a */ "url": "http://x//y", "list": [1, 2.5e3, true, null, "s",], // end\n}\n`;
    const node = parseJsonc(text);
    expect(node === null ? null : jsoncValue(node)).toEqual({ url: 'http://x//y', list: [1, 2500, true, null, 's'] });
  });

  it('agrees with JSON.parse on plain JSON', () => {
    const value = { a: [1, { b: 'c\\"d\u00e9\n' }], e: -0.5, f: {}, g: [] };
    const node = parseJsonc(JSON.stringify(value, null, 2));
    expect(node === null ? null : jsoncValue(node)).toEqual(value);
  });

  it('keeps a "__proto__" key as data', () => {
    const node = parseJsonc('{"__proto__": {"polluted": true}}');
    const value = node === null ? {} : (jsoncValue(node) as Record<string, unknown>);
    expect(Object.keys(value)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('records where each array item ends and whether a comma follows', () => {
    const text = '[ {"a": 1} , 2 /* c */ ,3 ]';
    const node = parseJsonc(text);
    expect(node?.type === 'array' && node.items.map((item) => [text.slice(item.value.start, item.value.end), item.comma, text.slice(0, item.after)])).toEqual([
      ['{"a": 1}', true, '[ {"a": 1} ,'],
      ['2', true, '[ {"a": 1} , 2 /* c */ ,'],
      ['3', false, '[ {"a": 1} , 2 /* c */ ,3'],
    ]);
  });

  it('is null for an empty document or one holding only comments', () => {
    expect(parseJsonc('  // nothing\n/* here */ ')).toBeNull();
  });

  it.each([
    ['{"a": 1', 'expected "," or "}" at line 1, column 8'],
    ['{\n  "a": tru }', 'unexpected "t" at line 2, column 8'],
    ["{'a': 1}", 'expected a property name in double quotes at line 1, column 2'],
    ['[1] x', 'unexpected text after the document at line 1, column 5'],
    ['/* open', 'unterminated comment at line 1, column 1'],
  ])('rejects %j: %s', (text, message) => {
    let error: unknown;
    try {
      parseJsonc(text);
    } catch (caught) {
      error = caught;
    }
    expect(error instanceof JsoncSyntaxError && error.message).toBe(message);
  });
});
