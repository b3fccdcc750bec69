// parseDotenv: dotenv's syntax plus ${VAR} expansion against the file's earlier keys and a given scope.
import { describe, expect, it } from 'vitest';
import { parseDotenv } from '../../src/config/index.js';

describe('parseDotenv syntax', () => {
  it('reads unquoted, single-, double- and backtick-quoted values', () => {
    const text = "PLAIN=hello world\nSINGLE='it is \"quoted\"'\nDOUBLE=\"say 'hi'\"\nBACKTICK=`both ' and \"`\n";
    expect(parseDotenv(text)).toEqual({
      PLAIN: 'hello world',
      SINGLE: 'it is "quoted"',
      DOUBLE: "say 'hi'",
      BACKTICK: 'both \' and "',
    });
  });

  it('keeps multi-line double-quoted values', () => {
    expect(parseDotenv('KEY="-----BEGIN-----\nabc\n-----END-----"\nNEXT=1\n')).toEqual({
      KEY: '-----BEGIN-----\nabc\n-----END-----',
      NEXT: '1',
    });
  });

  it('turns \\n into a newline in double quotes only', () => {
    expect(parseDotenv('DOUBLE="a\\nb"\nSINGLE=\'a\\nb\'\n')).toEqual({ DOUBLE: 'a\nb', SINGLE: 'a\\nb' });
  });

  it('accepts an export prefix', () => {
    expect(parseDotenv('export TOKEN=abc\nexport  SPACED = x\n')).toEqual({ TOKEN: 'abc', SPACED: 'x' });
  });

  it('skips comment lines and strips inline comments outside quotes', () => {
    const text = '# a comment\nA=1 # trailing\n  # indented comment\nB="2 # kept"\nC=x#y\n';
    expect(parseDotenv(text)).toEqual({ A: '1', B: '2 # kept', C: 'x' });
  });

  it('reads empty values as empty strings', () => {
    expect(parseDotenv('EMPTY=\nQUOTED=""\nNEXT=1\n')).toEqual({ EMPTY: '', QUOTED: '', NEXT: '1' });
  });

  it('handles CRLF line endings', () => {
    expect(parseDotenv('A=1\r\nB="x"\r\n')).toEqual({ A: '1', B: 'x' });
  });
});

describe('parseDotenv expansion', () => {
  it('expands ${VAR} and $VAR from earlier keys of the same file', () => {
    expect(parseDotenv('HOST=localhost\nPORT=5432\nURL=postgres://${HOST}:$PORT/db\n')).toEqual({
      HOST: 'localhost',
      PORT: '5432',
      URL: 'postgres://localhost:5432/db',
    });
  });

  it('expands from the scope (parent env and earlier files)', () => {
    expect(parseDotenv('GREETING=hello ${USER}\n', { scope: { USER: 'ada' } })).toEqual({ GREETING: 'hello ada' });
  });

  it('lets the file win over the scope, and a value refer to the scope value it replaces', () => {
    const scope = { PATH: '/usr/bin', NAME: 'parent' };
    expect(parseDotenv('NAME=file\nPATH=./bin:${PATH}\nWHO=${NAME}\n', { scope })).toEqual({
      NAME: 'file',
      PATH: './bin:/usr/bin',
      WHO: 'file',
    });
  });

  it('uses ${VAR:-default} when VAR is unset or empty', () => {
    const text = 'EMPTY=\nA=${MISSING:-fallback}\nB=${EMPTY:-also}\nC=${SET:-unused}\n';
    expect(parseDotenv(text, { scope: { SET: 'set' } })).toEqual({ EMPTY: '', A: 'fallback', B: 'also', C: 'set' });
  });

  it('expands an unknown variable to an empty string and keeps \\$ literal', () => {
    expect(parseDotenv('A=x${NOPE}y\nB=cost \\$5\n')).toEqual({ A: 'xy', B: 'cost $5' });
  });

  it('ignores undefined scope entries and leaves the scope and process.env untouched', () => {
    const scope = { KEEP: 'k', GONE: undefined };
    const before = { ...process.env };
    expect(parseDotenv('A=${GONE:-none}-${KEEP}\n', { scope })).toEqual({ A: 'none-k' });
    expect(scope).toEqual({ KEEP: 'k', GONE: undefined });
    expect(process.env).toEqual(before);
  });
});
