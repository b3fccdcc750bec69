// TS/JS configs that fail to load: each is E_CONFIG_INVALID naming the file, at the line the error points at, and never ends the caller.
import { afterAll, describe, expect, it } from 'vitest';
import { loadModuleSource } from '../../src/config/module-source.js';
import { DEFAULT_MODULE_TIMEOUT_MS, moduleTimeoutMs } from '../../src/config/module-thread.js';
import { dedent, loadInvalid, loadProject, removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

interface ModuleCase {
  readonly name: string;
  readonly file: string;
  readonly source: string;
  /** The whole detail line, or its start and a part when `says` is given. */
  readonly detail: string;
  readonly says?: string;
}

const services = '{ services: { api: { command: "x" } } }';

const cases: ModuleCase[] = [
  {
    name: 'a TypeScript syntax error',
    file: 'stackctl.config.ts',
    source: `const port: number = 1;\nexport default { services: { api: { command: "x" } ;\n`,
    detail: 'stackctl.config.ts:2:52: syntax error: Unexpected token, expected ","',
  },
  {
    name: 'a JavaScript syntax error',
    file: 'stackctl.config.mjs',
    source: `const a = 1;\nexport default { a: ;\n`,
    detail: 'stackctl.config.mjs:2:21: syntax error: Unexpected token',
  },
  {
    name: 'an error thrown at the top level, its column mapped through the TypeScript transform',
    file: 'stackctl.config.ts',
    source: `const a: number = 1; const b: Record<string, string> = {}; throw new Error("no ports left");\nexport default ${services};\n`,
    detail: 'stackctl.config.ts:1:66: threw an error: no ports left',
  },
  {
    name: 'an error thrown inside a function, at the throw',
    file: 'stackctl.config.ts',
    source: `interface Port { n: number }\n\nfunction pick(): Port {\n  throw new TypeError("bad port");\n}\nexport default { services: { api: { command: "x", port: pick().n } } };\n`,
    detail: 'stackctl.config.ts:4:9: threw TypeError: bad port',
  },
  {
    name: 'a default export that is a rejected promise',
    file: 'stackctl.config.ts',
    source: `export default Promise.reject(new Error("vault is sealed"));\n`,
    detail: 'stackctl.config.ts:1:31: the default export is a promise that was rejected: an error: vault is sealed',
  },
  {
    name: 'a default-exported async function that rejects',
    file: 'stackctl.config.mjs',
    source: `export default async () => {\n  await null;\n  throw new RangeError("too far");\n};\n`,
    detail: 'stackctl.config.mjs:3:9: the default-exported function failed: RangeError: too far',
  },
  {
    name: 'a rejection with a value that is not an Error',
    file: 'stackctl.config.mjs',
    source: `export default Promise.reject("nope");\n`,
    detail: 'stackctl.config.mjs: the default export is a promise that was rejected: the value "nope"',
  },
  {
    name: 'process.exit(0) at the top level',
    file: 'stackctl.config.ts',
    source: `const quit: number = 0;\nprocess.exit(quit);\nexport default ${services};\n`,
    detail: 'stackctl.config.ts:2:9: called process.exit(0) while loading; a config must not end the process',
  },
  {
    name: 'process.exit inside the default-exported function',
    file: 'stackctl.config.mjs',
    source: `export default () => {\n  process.exit(3);\n};\n`,
    detail: 'stackctl.config.mjs:2:11: called process.exit(3) while loading',
  },
  {
    name: 'a top-level await that never settles',
    file: 'stackctl.config.ts',
    source: `await new Promise<void>(() => {});\nexport default ${services};\n`,
    detail: "stackctl.config.ts: never finished loading: a top-level await or the default export's promise waits for something that can never happen",
  },
  {
    name: 'a default export whose promise never settles',
    file: 'stackctl.config.mjs',
    source: `export default new Promise(() => {});\n`,
    detail: 'stackctl.config.mjs: never finished loading',
  },
  {
    name: 'an error thrown later, in a timer, while the export waits',
    file: 'stackctl.config.mjs',
    source: `export default new Promise((resolve) => {\n  setTimeout(() => { throw new Error("late"); }, 5);\n  setTimeout(resolve, 10_000);\n});\n`,
    detail: 'stackctl.config.mjs:2:28: failed while loading: uncaught Error: late',
  },
  {
    name: 'a promise rejected that nothing handles',
    file: 'stackctl.config.mjs',
    source: `Promise.reject(new Error("forgotten"));\nexport default new Promise((resolve) => setTimeout(resolve, 10_000));\n`,
    detail: 'stackctl.config.mjs:1:16: failed while loading: a promise was rejected and nothing handled it: Error: forgotten',
  },
  {
    name: 'an import that does not exist',
    file: 'stackctl.config.ts',
    source: `import { ports } from './ports';\nexport default { services: { api: { command: "x", port: ports.api } } };\n`,
    detail: 'stackctl.config.ts',
    says: "Cannot find module './ports'",
  },
  {
    name: 'no default export',
    file: 'stackctl.config.ts',
    source: `export const services = {};\n`,
    detail: 'stackctl.config.ts: has no default export; write `export default defineConfig({ services: { … } })`',
  },
];

describe('a config module that fails to load', () => {
  it.each(cases)('$name', async ({ file, source, detail, says }) => {
    const error = await loadInvalid({ [file]: source });
    expect(error.message).toBe(`1 problem in ${file}`);
    if (says === undefined) expect(error.details[0]?.startsWith(detail), error.details.join('\n')).toBe(true);
    else expect(error.details[0]).toMatch(new RegExp(`^${detail}(:\\d+:\\d+)?: .*${says.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    // The details are for people: no stack frames.
    expect(error.details.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('gives a module stuck in a loop the time limit, then stops it', async () => {
    const root = tempProject({ 'stackctl.config.mjs': 'for (;;) {}\nexport default {};\n' });
    const started = Date.now();
    const parsed = await loadModuleSource(`${root}/stackctl.config.mjs`, { timeoutMs: 300 });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(parsed.problems).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/^did not finish loading within 300 ms: .* \(STACKCTL_CONFIG_TIMEOUT_MS sets the limit in milliseconds\)$/),
      }),
    ]);
  });

  it('gives a top-level await on a long timer the time limit', async () => {
    const root = tempProject({ 'stackctl.config.ts': 'await new Promise((resolve) => setTimeout(resolve, 60_000));\nexport default {};\n' });
    const parsed = await loadModuleSource(`${root}/stackctl.config.ts`, { timeoutMs: 300 });
    expect(parsed.problems[0]?.message).toMatch(/^did not finish loading within 300 ms/);
  });

  it('keeps this process running after the module called process.exit', async () => {
    const root = tempProject({ 'stackctl.config.mjs': 'process.exit(0);\n' });
    await loadModuleSource(`${root}/stackctl.config.mjs`);
    // Still here: the assertion below runs only because the exit ended the config's thread alone.
    expect(process.exitCode ?? 0).toBe(0);
  });
});

describe('what a config module exports', () => {
  it('reports values that are not plain data at their key, with the line', async () => {
    const error = await loadInvalid({
      'stackctl.config.ts': dedent(`
        const api: Record<string, unknown> = { command: "x" };
        api.self = api;
        export default {
          services: {
            api,
            web: { command: () => "npm start", env: { STARTED: new Date(0) } },
          },
        };
      `),
    });
    expect(error.details).toEqual([
      // `api` is written as a shorthand: its own key is the nearest the source shows.
      'stackctl.config.ts:5:5 services.api.self: refers to a map or list that contains it (a cycle)',
      'stackctl.config.ts:6:21 services.web.command: is a function; a config holds plain data: strings, numbers, true/false, lists and maps',
      'stackctl.config.ts:6:56 services.web.env.STARTED: is a Date; a config holds plain data: strings, numbers, true/false, lists and maps',
    ]);
  });

  it('points schema problems at the key written in the source, also through a variable', async () => {
    const error = await loadInvalid({
      'stackctl.config.ts': dedent(`
        import { defineConfig } from 'stackctl';

        const worker = {
          command: 'node worker.js',
          stop_timeout: '10 parsecs',
        };

        export default defineConfig({
          services: {
            api: { command: 'node server.js', port: 70000, depend_on: ['db'] },
            worker,
          },
        });
      `),
    });
    expect(error.details).toEqual([
      expect.stringMatching(/^stackctl\.config\.ts:5:17 services\.worker\.stop_timeout: must be a duration/),
      expect.stringMatching(/^stackctl\.config\.ts:10:45 services\.api\.port: must be a whole number/),
      expect.stringMatching(/^stackctl\.config\.ts:10:52 services\.api\.depend_on: unknown key depend_on; did you mean depends_on\?/),
    ]);
  });

  it("resolves 'stackctl' for a config that only imports defineConfig, without the project installing it", async () => {
    const { config } = await loadProject({
      'stackctl.config.ts': "import { defineConfig, parseDuration } from 'stackctl';\nexport default defineConfig({ services: { a: { command: 'x', stop_timeout: `${parseDuration('2s')}ms` } } });\n",
    });
    expect(config.services.a?.stopTimeoutMs).toBe(2000);
  });
});

describe('the time limit', () => {
  it('is 10 s unless STACKCTL_CONFIG_TIMEOUT_MS says otherwise', () => {
    expect(DEFAULT_MODULE_TIMEOUT_MS).toBe(10_000);
    expect(moduleTimeoutMs({})).toBe(10_000);
    expect(moduleTimeoutMs({ STACKCTL_CONFIG_TIMEOUT_MS: '250' })).toBe(250);
    for (const bad of ['0', '-5', '1.5', 'soon', '']) expect(moduleTimeoutMs({ STACKCTL_CONFIG_TIMEOUT_MS: bad })).toBe(10_000);
  });
});
