// Finding a key path in TS/JS source text: literals followed as written, variables by a unique key, nothing guessed wrong.
import { describe, expect, it } from 'vitest';
import { moduleLocator } from '../../src/config/module-locator.js';
import { importsOnlyConfigApi } from '../../src/config/stackctl-imports.js';
import { dedent } from './temp-project.js';

const source = dedent(`
  import { defineConfig } from 'stackctl';
  // services: { fake: { port: 1 } } in a comment is not a key
  const note = "port: 2, in a string";
  const re = /port: \\d+/g;
  const shared = { restart: 'always' };
  const worker = { command: \`node \${'w'}.js\`, health: { interval: '0s' } };

  export default defineConfig({
    services: {
      api: { command: 'node server.js', ports: [4000, 70000], 'env': { A: 1 } },
      web: { ...shared, command: 'vite', port: 5173 },
      worker,
    },
  });
`);
const locator = moduleLocator(source);
const at = (path: (string | number)[], where: 'key' | 'value' = 'value') => locator.locate(path, where);

/** The position of `text` in the source (its `skip`-th occurrence), for readable expectations. */
function find(text: string, skip = 0): { line: number; column: number } {
  let index = -1;
  for (let count = 0; count <= skip; count += 1) index = source.indexOf(text, index + 1);
  if (index < 0) throw new Error(`${text} not in the source`);
  const before = source.slice(0, index).split('\n');
  return { line: before.length, column: (before.at(-1)?.length ?? 0) + 1 };
}

describe('moduleLocator', () => {
  it('follows object and array literals from the exported object', () => {
    expect(at(['services', 'api', 'command'], 'key')).toEqual(find("command: 'node server.js'"));
    expect(at(['services', 'api', 'command'])).toEqual(find("'node server.js'"));
    expect(at(['services', 'api', 'ports', 1])).toEqual(find('70000'));
    expect(at(['services', 'api', 'env', 'A'])).toEqual(find('1 } },'));
    expect(at(['services', 'web', 'port'])).toEqual(find('5173'));
  });

  it('points at the parent when a written literal lacks the key', () => {
    expect(at(['services', 'web', 'health'])).toEqual(find('web: {'));
  });

  it('finds a key behind a variable when it is written once', () => {
    expect(at(['services', 'worker', 'health', 'interval'])).toEqual(find("'0s'"));
    expect(at(['services', 'web', 'restart'])).toEqual(find("'always'"));
  });

  it('does not take another service’s key for a missing one', () => {
    // worker has no `port`; web's is the only one written, but it belongs to web.
    expect(at(['services', 'worker', 'port'])).toEqual(find('worker,'));
  });

  it('ignores comments, strings, templates and regular expressions', () => {
    expect(at(['services', 'fake'])).toEqual(find('services: {', 1));
    expect(at(['nothing', 'here'])).toBeNull();
    expect(at([])).toBeNull();
  });
});

describe('importsOnlyConfigApi', () => {
  it('is true for defineConfig and the unit helpers, named or type-only imports', () => {
    expect(importsOnlyConfigApi("import { defineConfig } from 'stackctl';")).toBe(true);
    expect(importsOnlyConfigApi('import { defineConfig, parseDuration as d, type StackctlConfigInput } from "stackctl";')).toBe(true);
    expect(importsOnlyConfigApi("import type { ResolvedConfig } from 'stackctl';\nexport default {};")).toBe(true);
    expect(importsOnlyConfigApi('export default { services: {} };')).toBe(true);
  });

  it('is false for anything that may need the full library', () => {
    expect(importsOnlyConfigApi("import { createEngine } from 'stackctl';")).toBe(false);
    expect(importsOnlyConfigApi("import * as stackctl from 'stackctl';")).toBe(false);
    expect(importsOnlyConfigApi("import stackctl from 'stackctl';")).toBe(false);
    expect(importsOnlyConfigApi("const s = await import('stackctl');")).toBe(false);
    expect(importsOnlyConfigApi("import { defineConfig } from 'stackctl';\nconst s = require('stackctl');")).toBe(false);
    expect(importsOnlyConfigApi("import pkg from 'stackctl/package.json';")).toBe(false);
  });
});
