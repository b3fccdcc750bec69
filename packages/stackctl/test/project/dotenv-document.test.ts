// The line-preserving dotenv document: byte-identical round trips, set/unset keeping comments, order and quoting.
import { parse } from 'dotenv';
import { describe, expect, it } from 'vitest';
import {
  documentKeys,
  documentValues,
  parseDotenvDocument,
  serializeDotenv,
  setDotenvValue,
  unsetDotenvValue,
} from '../../src/project/env/index.js';

const SAMPLE = [
  '# Database',
  '# @type url',
  'DATABASE_URL=postgres://localhost/demo',
  '',
  'export API_KEY="abc def" # the key',
  "SINGLE='x y'",
  'MULTI="line one',
  'line two"',
  '  SPACED = value  ',
  'not an entry',
  'LAST=1',
].join('\n');

describe('dotenv document', () => {
  it.each([
    ['the sample without a final newline', SAMPLE],
    ['the sample with CRLF endings', `${SAMPLE.replace(/\n/g, '\r\n')}\r\n`],
    ['an empty file', ''],
    ['only comments', '# a\n\n# b\n'],
  ])('serialises %s byte-identical', (_name, text) => {
    expect(serializeDotenv(parseDotenvDocument(text))).toBe(text);
  });

  it('reads keys in order and values with the dotenv parser', () => {
    const document = parseDotenvDocument(SAMPLE);
    expect(documentKeys(document)).toEqual(['DATABASE_URL', 'API_KEY', 'SINGLE', 'MULTI', 'SPACED', 'LAST']);
    expect(documentValues(document)).toEqual(parse(SAMPLE));
    expect(document.lines.filter((line) => line.kind === 'comment')).toHaveLength(2);
  });

  it('updates a value in place, keeping export, quotes, inline comment and every other line', () => {
    const document = setDotenvValue(parseDotenvDocument(`${SAMPLE}\n`), 'API_KEY', 'new value');
    expect(serializeDotenv(document)).toBe(`${SAMPLE.replace('export API_KEY="abc def"', 'export API_KEY="new value"')}\n`);
    const single = setDotenvValue(parseDotenvDocument(SAMPLE), 'SINGLE', 'z');
    expect(serializeDotenv(single)).toContain("SINGLE='z'\n");
  });

  it('replaces a multi-line value and keeps CRLF line endings', () => {
    const updated = setDotenvValue(parseDotenvDocument(SAMPLE), 'MULTI', 'one');
    expect(serializeDotenv(updated)).toContain('\nMULTI="one"\n  SPACED');
    const crlf = setDotenvValue(parseDotenvDocument('A=1\r\nB=2\r\n'), 'A', '3');
    expect(serializeDotenv(crlf)).toBe('A=3\r\nB=2\r\n');
  });

  it('appends a new key at the end, quoting only when needed, and reads back every value', () => {
    let document = parseDotenvDocument('A=1');
    document = setDotenvValue(document, 'PLAIN', 'abc');
    document = setDotenvValue(document, 'SPACES', 'a b # c');
    document = setDotenvValue(document, 'QUOTES', `it's "x"`);
    document = setDotenvValue(document, 'LINES', 'one\ntwo');
    expect(serializeDotenv(document)).toBe("A=1\nPLAIN=abc\nSPACES='a b # c'\nQUOTES=`it's \"x\"`\nLINES='one\ntwo'\n");
    expect(documentValues(parseDotenvDocument(serializeDotenv(document)))).toEqual({
      A: '1',
      PLAIN: 'abc',
      SPACES: 'a b # c',
      QUOTES: `it's "x"`,
      LINES: 'one\ntwo',
    });
  });

  it('keeps the inline comment of an unquoted value', () => {
    const document = setDotenvValue(parseDotenvDocument('PORT=3000 # http\n'), 'PORT', '4000');
    expect(serializeDotenv(document)).toBe('PORT=4000 # http\n');
  });

  it('unset removes the entry (every duplicate) and keeps the comments above it', () => {
    const document = unsetDotenvValue(parseDotenvDocument('# key\nA=1\nB=2\nA=3\n'), 'A');
    expect(serializeDotenv(document)).toBe('# key\nB=2\n');
  });
});
