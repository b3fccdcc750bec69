// Configs whose keys have the wrong shape: each fails with E_CONFIG_INVALID at the key's path, line and column.
import { afterAll, describe, it } from 'vitest';
import { expectProblems, removeTempProjects, yamlFile, type InvalidCase } from './temp-project.js';

afterAll(removeTempProjects);

const cases: InvalidCase[] = [
  {
    name: 'unknown key with a near miss',
    files: yamlFile(`
      services:
        api:
          command: node server.js
          depend_on: [db]
    `),
    expect: [{ at: 'stackctl.yaml:4:5 services.api.depend_on', says: 'unknown key depend_on; did you mean depends_on?' }],
  },
  {
    name: 'unknown top-level key without a near miss lists the known keys',
    files: yamlFile(`
      services:
        api: { command: x }
      frobnicate: true
    `),
    expect: [{ at: 'stackctl.yaml:3:1 frobnicate', says: 'unknown key frobnicate (known keys: name, services, database)' }],
  },
  {
    name: 'unknown key inside health',
    files: yamlFile(`
      services:
        db:
          command: x
          health: { tcp: 5432, intervall: 2s }
    `),
    expect: [{ at: 'stackctl.yaml:4:26 services.db.health.intervall', says: 'did you mean interval?' }],
  },
  {
    name: 'bad duration',
    files: yamlFile(`
      services:
        db:
          command: x
          health:
            tcp: 5432
            interval: 2sec
    `),
    expect: [{ at: 'stackctl.yaml:6:17 services.db.health.interval', says: 'must be a duration such as 500ms, 2s' }],
  },
  {
    name: 'negative duration',
    files: yamlFile(`
      services:
        api:
          command: x
          stop_timeout: -1
    `),
    expect: [{ at: 'stackctl.yaml:4:19 services.api.stop_timeout', says: '(a bare number means seconds)' }],
  },
  {
    name: 'zero interval',
    files: yamlFile(`
      services:
        db:
          command: x
          health: { tcp: 5432, interval: 0s }
    `),
    expect: [{ at: 'stackctl.yaml:4:36 services.db.health.interval', says: 'must be longer than 0ms' }],
  },
  {
    name: 'port out of range',
    files: yamlFile(`
      services:
        api:
          command: x
          port: 70000
    `),
    expect: [{ at: 'stackctl.yaml:4:11 services.api.port', says: 'must be a whole number from 1 to 65535' }],
  },
  {
    name: 'http check that is not an http URL',
    files: yamlFile(`
      services:
        api:
          command: x
          health: { http: "localhost:4000/health" }
    `),
    expect: [{ at: 'stackctl.yaml:4:21 services.api.health.http', says: 'must be an http:// or https:// URL' }],
  },
  {
    name: 'tcp check that is neither a port nor host:port',
    files: yamlFile(`
      services:
        db:
          command: x
          health: { tcp: localhost }
    `),
    expect: [{ at: 'stackctl.yaml:4:20 services.db.health.tcp', says: 'must be a port number or host:port' }],
  },
  {
    name: 'bad restart value with a suggestion',
    files: yamlFile(`
      services:
        api:
          command: x
          restart: alwys
    `),
    expect: [{ at: 'stackctl.yaml:4:14 services.api.restart', says: 'must be one of no, on-failure, always; did you mean always?' }],
  },
  {
    name: 'bad stop_signal',
    files: yamlFile(`
      services:
        api:
          command: x
          stop_signal: SIGTREM
    `),
    expect: [{ at: 'stackctl.yaml:4:18 services.api.stop_signal', says: 'must be a signal name such as SIGTERM, SIGINT or SIGQUIT; did you mean SIGTERM?' }],
  },
  {
    name: 'command empty',
    files: yamlFile(`
      services:
        api:
          command: ""
    `),
    expect: [{ at: 'stackctl.yaml:3:14 services.api.command', says: 'must not be empty' }],
  },
  {
    name: 'command of the wrong type',
    files: yamlFile(`
      services:
        api:
          command: { run: server.js }
    `),
    expect: [{ at: 'stackctl.yaml:3:14 services.api.command', says: 'must be a shell string or a list of strings (argv)' }],
  },
  {
    name: 'argv command with a non-string item',
    files: yamlFile(`
      services:
        api:
          command: [node, 42]
    `),
    expect: [{ at: 'stackctl.yaml:3:21 services.api.command[1]', says: 'expected a string, got a number (42)' }],
  },
  {
    name: 'command missing points at the service',
    files: yamlFile(`
      services:
        api:
          port: 4000
    `),
    expect: [{ at: 'stackctl.yaml:2:3 services.api.command', says: 'is required' }],
  },
  {
    name: 'services missing',
    files: yamlFile(`
      name: demo
    `),
    expect: [{ at: 'stackctl.yaml:1:1 services', says: 'is required' }],
  },
  {
    name: 'services not a map',
    files: yamlFile(`
      services: [api, web]
    `),
    expect: [{ at: 'stackctl.yaml:1:11 services', says: 'expected a map, got a list' }],
  },
  {
    name: 'empty file',
    files: { 'stackctl.yaml': '# nothing yet\n' },
    expect: [{ at: 'stackctl.yaml:1:1', says: 'the config is empty' }],
  },
  {
    name: 'bad depends_on condition',
    files: yamlFile(`
      services:
        api:
          command: x
          depends_on:
            db: ready
        db:
          command: y
    `),
    expect: [{ at: 'stackctl.yaml:5:11 services.api.depends_on.db', says: 'must be one of started, healthy, completed' }],
  },
  {
    name: 'depends_on neither a list nor a map',
    files: yamlFile(`
      services:
        api:
          command: x
          depends_on: db
    `),
    expect: [{ at: 'stackctl.yaml:4:17 services.api.depends_on', says: 'must be a list of service names or a map' }],
  },
  {
    name: 'env value that is not a scalar',
    files: yamlFile(`
      services:
        api:
          command: x
          env:
            LOG_LEVEL: [debug]
    `),
    expect: [{ at: 'stackctl.yaml:5:18 services.api.env.LOG_LEVEL', says: 'must be a string, number or boolean' }],
  },
  {
    name: 'env name with =',
    files: yamlFile(`
      services:
        api:
          command: x
          env: { "A=B": x }
    `),
    expect: [{ at: 'stackctl.yaml:4:12 services.api.env.A=B', says: 'must not be empty or contain =' }],
  },
  {
    name: 'bad project name',
    files: yamlFile(`
      name: my demo
      services:
        api: { command: x }
    `),
    expect: [{ at: 'stackctl.yaml:1:7 name', says: 'must start with a letter or digit' }],
  },
];

describe('shape problems', () => {
  it.each(cases)('$name', async ({ files, expect: expected }) => {
    await expectProblems(files, expected);
  });
});
