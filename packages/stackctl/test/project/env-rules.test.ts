// Example annotations, check, diff, masking, secret generation and `env setup` planning.
import { describe, expect, it } from 'vitest';
import {
  checkEnv,
  diffEnv,
  generateSecret,
  isSecret,
  maskValue,
  parseAssignments,
  parseDotenvDocument,
  readKeySpecs,
  serializeDotenv,
  setupEnv,
  typeProblem,
} from '../../src/project/env/index.js';

const EXAMPLE = `# Where the database lives
# @type url
DATABASE_URL=postgres://localhost/demo

# Upstream key
API_KEY=
# @generate
SESSION=
# @secret
# @type port
ADMIN_PORT=8080
DEBUG=false # @type is not read from inline comments
`;

const specs = readKeySpecs(parseDotenvDocument(EXAMPLE));

describe('example annotations', () => {
  it('reads defaults, descriptions and annotations from the comments directly above a key', () => {
    expect(specs).toEqual([
      { key: 'DATABASE_URL', example: 'postgres://localhost/demo', description: 'Where the database lives', secret: false, generate: false, type: 'url' },
      { key: 'API_KEY', example: '', description: 'Upstream key', secret: false, generate: false, type: null },
      { key: 'SESSION', example: '', description: '', secret: true, generate: true, type: null },
      { key: 'ADMIN_PORT', example: '8080', description: '', secret: true, generate: false, type: 'port' },
      { key: 'DEBUG', example: 'false', description: '', secret: false, generate: false, type: null },
    ]);
  });
});

describe('check', () => {
  it('lists missing, empty and invalid keys', () => {
    const problems = checkEnv(specs, { DATABASE_URL: 'not a url', API_KEY: '', SESSION: 's', ADMIN_PORT: '70000' });
    expect(problems).toEqual([
      { key: 'DATABASE_URL', kind: 'invalid', message: 'not a URL (@type url)' },
      { key: 'API_KEY', kind: 'empty', message: 'empty' },
      { key: 'ADMIN_PORT', kind: 'invalid', message: 'not a port (1-65535) (@type port)' },
      { key: 'DEBUG', kind: 'missing', message: 'missing' },
    ]);
    expect(checkEnv(specs, { DATABASE_URL: 'https://x.test', API_KEY: 'k', SESSION: 's', ADMIN_PORT: '1', DEBUG: 'no' })).toEqual([]);
  });

  it.each([
    ['int', '-12', null],
    ['int', '1.5', 'not an integer'],
    ['bool', 'TRUE', null],
    ['bool', 'maybe', 'not a boolean (true/false/1/0/yes/no)'],
    ['email', 'a@b.io', null],
    ['email', 'a@b', 'not an email address'],
    ['port', '0', 'not a port (1-65535)'],
  ] as const)('type %s: %s', (type, value, expected) => {
    expect(typeProblem(type, value)).toBe(expected);
  });
});

describe('diff', () => {
  it('splits keys into missing, extra and changed from the example', () => {
    expect(diffEnv({ A: '1', B: '2', C: '3' }, { B: '2', C: 'x', D: '4' })).toEqual({ missing: ['A'], extra: ['D'], changed: ['C'] });
  });
});

describe('masking and generation', () => {
  it('masks keys named like secrets or annotated @secret', () => {
    expect(['DB_PASSWORD', 'github_token', 'API_KEY', 'PRIVATE_PEM', 'MY_SECRET'].every((key) => isSecret(key))).toBe(true);
    expect(isSecret('LOG_LEVEL')).toBe(false);
    expect(isSecret('ADMIN_PORT', specs[3])).toBe(true);
    expect(maskValue('abc')).toBe('********');
    expect(maskValue('')).toBe('');
  });

  it('generates 32 random bytes as base64url', () => {
    expect(generateSecret(() => Buffer.alloc(32, 255))).toBe('_'.repeat(42) + '8');
    expect(generateSecret()).toMatch(/^[\w-]{43}$/);
  });
});

describe('setup', () => {
  const example = parseDotenvDocument(EXAMPLE);

  it('with --yes: example defaults, --set values, generated secrets; comments and order kept', async () => {
    const result = await setupEnv({ example, specs, existing: null, sets: { API_KEY: 'x', EXTRA: 'e' }, yes: true, ask: null, generate: () => 'GEN' });
    expect(serializeDotenv(result.document)).toBe(`${EXAMPLE.replace('API_KEY=\n', 'API_KEY=x\n').replace('SESSION=\n', 'SESSION=GEN\n')}EXTRA=e\n`);
    expect(result.actions.map(({ key, action }) => `${key}:${action}`)).toEqual([
      'DATABASE_URL:default',
      'API_KEY:set',
      'SESSION:generated',
      'ADMIN_PORT:default',
      'DEBUG:default',
      'EXTRA:set',
    ]);
  });

  it('keeps the non-empty values of an existing file and asks for the rest', async () => {
    const existing = parseDotenvDocument('# mine\nAPI_KEY=kept\nSESSION=old\n');
    const asked: string[] = [];
    const result = await setupEnv({
      example,
      specs,
      existing,
      sets: {},
      yes: false,
      ask: async (spec) => {
        asked.push(spec.description || spec.key);
        return `answer-${spec.key}`;
      },
    });
    expect(asked).toEqual(['Where the database lives', 'ADMIN_PORT', 'DEBUG']);
    expect(serializeDotenv(result.document)).toBe(
      '# mine\nAPI_KEY=kept\nSESSION=old\nDATABASE_URL=answer-DATABASE_URL\nADMIN_PORT=answer-ADMIN_PORT\nDEBUG=answer-DEBUG\n',
    );
  });

  it('without a terminal and without --yes, refuses when a value is still needed', async () => {
    await expect(setupEnv({ example, specs, existing: null, sets: { API_KEY: 'x' }, yes: false, ask: null })).rejects.toMatchObject({
      code: 'E_USAGE',
      message: 'stdin is not a terminal: cannot ask for DATABASE_URL, ADMIN_PORT, DEBUG',
    });
  });

  it('parses --set KEY=VALUE (the value may hold =) and rejects anything else', () => {
    expect(parseAssignments(['A=1=2', 'B='])).toEqual({ A: '1=2', B: '' });
    expect(() => parseAssignments(['nope'])).toThrow('--set: expected KEY=VALUE, got "nope"');
    expect(() => parseAssignments(['=x'], { flag: null, example: 'stackctl env set A=1' })).toThrow(/^expected KEY=VALUE, got "=x"$/);
  });
});
