// Problems in each source format: YAML and JSON syntax with positions, Procfile lines, TS modules at their keys.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { dedent, expectProblems, removeTempProjects, tempProject, yamlFile, type InvalidCase } from './temp-project.js';

afterAll(removeTempProjects);

const cases: InvalidCase[] = [
  {
    name: 'YAML syntax error',
    files: yamlFile(`
      services:
        api:
          command: [node, server.js
        web:
          command: y
    `),
    expect: [{ at: "stackctl.yaml:4:3", says: "YAML syntax: Flow sequence in block collection must be sufficiently indented and end with a ]" }],
  },
  {
    name: 'an unquoted command with ": " in it',
    files: yamlFile(`
      services:
        api:
          command: echo hello: world
    `),
    expect: [{ at: 'stackctl.yaml:3:14', says: 'YAML syntax: Nested mappings are not allowed in compact mappings (a value with ": " in it must be quoted, e.g. command: "echo a: b")' }],
  },
  {
    name: 'duplicate YAML key',
    files: yamlFile(`
      services:
        api:
          command: x
          command: y
    `),
    expect: [{ at: 'stackctl.yaml:4:5', says: 'Map keys must be unique' }],
  },
  {
    name: 'JSON config with positions',
    files: {
      'stackctl.json': dedent(`
        {
          "services": {
            "api": { "command": "x", "port": "4000" }
          }
        }
      `),
    },
    expect: [{ at: 'stackctl.json:3:38 services.api.port', says: 'must be a whole number from 1 to 65535' }],
  },
  {
    name: 'JSON syntax error',
    files: { 'stackctl.json': '{\n  "services": {\n    "api": { "command": "x" \n' },
    expect: [{ at: 'stackctl.json:', says: 'YAML syntax' }],
  },
  {
    name: 'Procfile with a line that is not name: command',
    files: { Procfile: 'web: node server.js\n# a comment\nworker node worker.js\n' },
    expect: [{ at: 'Procfile:3:1', says: 'expected a line of the form `name: command`' }],
  },
  {
    name: 'Procfile with an invalid service name',
    files: { Procfile: 'web: node server.js\nbad/name: node worker.js\n' },
    expect: [{ at: 'Procfile:2:1 services.bad/name', says: 'invalid service name' }],
  },
  {
    name: 'TS config problems point at the key in the source',
    files: {
      'stackctl.config.ts': 'const port: number = 70000;\nexport default { services: { api: { command: "x", port } } };\n',
    },
    expect: [{ at: 'stackctl.config.ts:2:51 services.api.port', says: 'must be a whole number from 1 to 65535' }],
  },
  {
    name: 'TS config without a default export',
    files: { 'stackctl.config.ts': 'export const services = {};\n' },
    expect: [{ at: 'stackctl.config.ts', says: 'has no default export' }],
  },

];

describe('source problems', () => {
  it.each(cases)('$name', async ({ files, expect: expected }) => {
    await expectProblems(files, expected);
  });
});

describe('where problems point', () => {
  it('prints the file relative to the working folder, or absolute when outside it', async () => {
    const root = tempProject({ 'app/stackctl.yaml': 'services:\n  api: { command: x, port: 0 }\n', 'work/': '' });
    const inside = await loadConfig({ cwd: root, configPath: 'app/stackctl.yaml', parentEnv: {} }).catch((error: unknown) => error);
    expect(inside).toMatchObject({ message: `1 problem in ${path.join('app', 'stackctl.yaml')}` });
    expect((inside as { details: string[] }).details[0]).toMatch(/^app\/stackctl\.yaml:2:28 services\.api\.port: /);
    const outside = await loadConfig({ cwd: path.join(root, 'work'), configPath: '../app', parentEnv: {} }).catch((error: unknown) => error);
    expect((outside as { details: string[] }).details[0]).toMatch(new RegExp(`^${path.join(root, 'app', 'stackctl.yaml')}:2:28 `));
  });
});
