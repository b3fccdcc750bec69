// Configs that break a rule across keys or against the disk; every problem is collected, never just the first.
import { afterAll, describe, expect, it } from 'vitest';
import { expectProblems, loadInvalid, removeTempProjects, yamlFile, type InvalidCase } from './temp-project.js';

afterAll(removeTempProjects);

const cases: InvalidCase[] = [
  {
    name: 'a service named after stackctl\'s own log',
    files: yamlFile(`
      services:
        stackctl:
          command: x
    `),
    expect: [{ at: 'stackctl.yaml:2:3 services.stackctl', says: 'the name stackctl is reserved' }],
  },
  {
    name: 'unknown depends_on target',
    files: yamlFile(`
      services:
        api:
          command: x
          depends_on: [wroker]
        worker:
          command: y
    `),
    expect: [{ at: 'stackctl.yaml:4:18 services.api.depends_on.wroker', says: 'unknown service wroker; did you mean worker?' }],
  },
  {
    name: 'two-service cycle',
    files: yamlFile(`
      services:
        api:
          command: x
          depends_on: [worker]
        worker:
          command: y
          depends_on: [api]
    `),
    expect: [{ at: 'stackctl.yaml:4:18 services.api.depends_on.worker', says: 'dependency cycle: api → worker → api' }],
  },
  {
    name: 'three-service cycle',
    files: yamlFile(`
      services:
        a:
          command: x
          depends_on:
            b: started
        b:
          command: x
          depends_on:
            c: healthy
        c:
          command: x
          health: { tcp: 1234 }
          depends_on: { a: started }
    `),
    expect: [{ at: 'stackctl.yaml:5:7 services.a.depends_on.b', says: 'dependency cycle: a → b → c → a' }],
  },
  {
    name: 'self-dependency',
    files: yamlFile(`
      services:
        api:
          command: x
          depends_on: [api]
    `),
    expect: [{ at: 'stackctl.yaml:4:18 services.api.depends_on.api', says: 'a service cannot depend on itself' }],
  },
  {
    name: 'the same port on two services',
    files: yamlFile(`
      services:
        api:
          command: x
          port: 4000
        web:
          command: y
          ports: [3000, 4000]
    `),
    expect: [{ at: 'stackctl.yaml:7:19 services.web.ports[1]', says: 'port 4000 is also used by service api' }],
  },
  {
    name: 'port and ports both',
    files: yamlFile(`
      services:
        api:
          command: x
          port: 4000
          ports: [4000, 9229]
    `),
    expect: [{ at: 'stackctl.yaml:5:5 services.api.ports', says: 'use either port or ports, not both' }],
  },
  {
    name: 'health with two kinds',
    files: yamlFile(`
      services:
        api:
          command: x
          health:
            http: http://127.0.0.1:4000/health
            exec: curl -f localhost
    `),
    expect: [{ at: 'stackctl.yaml:6:7 services.api.health.exec', says: 'has both http and exec; keep exactly one' }],
  },
  {
    name: 'health with no kind',
    files: yamlFile(`
      services:
        api:
          command: x
          health:
            interval: 2s
    `),
    expect: [{ at: 'stackctl.yaml:5:7 services.api.health', says: 'needs exactly one of http, tcp or exec' }],
  },
  {
    name: 'env_file missing',
    files: yamlFile(`
      services:
        api:
          command: x
          env_file: [.env, .env.local]
    `),
    expect: [
      { at: 'stackctl.yaml:4:16 services.api.env_file[0]', says: 'file not found: ' },
      { at: 'stackctl.yaml:4:22 services.api.env_file[1]', says: '.env.local' },
    ],
  },
  {
    name: 'cwd missing',
    files: yamlFile(`
      services:
        api:
          command: x
          cwd: ./api
    `),
    expect: [{ at: 'stackctl.yaml:4:10 services.api.cwd', says: 'folder not found: ' }],
  },
  {
    name: 'cwd that is a file',
    files: { ...yamlFile(`
      services:
        api:
          command: x
          cwd: api.js
    `), 'api.js': '' },
    expect: [{ at: 'stackctl.yaml:4:10 services.api.cwd', says: 'is not a folder' }],
  },
  {
    name: 'invalid service name',
    files: yamlFile(`
      services:
        my api:
          command: x
    `),
    expect: [{ at: 'stackctl.yaml:2:3 services.my api', says: 'invalid service name' }],
  },
  {
    name: 'services empty',
    files: yamlFile(`
      services: {}
    `),
    expect: [{ at: 'stackctl.yaml:1:11 services', says: 'defines no services' }],
  },
  {
    name: 'depends_on healthy on a service without a health check',
    files: yamlFile(`
      services:
        api:
          command: x
          depends_on: { db: healthy }
        db:
          command: y
    `),
    expect: [{ at: 'stackctl.yaml:4:23 services.api.depends_on.db', says: 'db has no health check, so it never becomes healthy' }],
  },
  {
    name: 'expect_status without http',
    files: yamlFile(`
      services:
        db:
          command: x
          health: { tcp: 5432, expect_status: [200] }
    `),
    expect: [{ at: 'stackctl.yaml:4:26 services.db.health.expect_status', says: 'applies only to http checks' }],
  },
];

describe('rule problems', () => {
  it.each(cases)('$name', async ({ files, expect: expected }) => {
    await expectProblems(files, expected);
  });
});

describe('collecting every problem', () => {
  it('reports several problems of different kinds together, in source order', async () => {
    const error = await loadInvalid(
      yamlFile(`
        services:
          api:
            command: x
            prot: 4000
            depends_on: [worker, db]
            health: { tcp: 5432, timeout: soon }
          worker:
            command: ""
            depends_on: [api]
      `),
    );
    expect(error.message).toBe('5 problems in stackctl.yaml');
    expect(error.details).toEqual([
      'stackctl.yaml:4:5 services.api.prot: unknown key prot; did you mean port?',
      'stackctl.yaml:5:18 services.api.depends_on.worker: dependency cycle: api → worker → api',
      'stackctl.yaml:5:26 services.api.depends_on.db: unknown service db',
      expect.stringMatching(/^stackctl\.yaml:6:35 services\.api\.health\.timeout: must be a duration/),
      'stackctl.yaml:8:14 services.worker.command: must not be empty',
    ]);
  });

  it('reports a misspelt condition and an unknown target in one go', async () => {
    const error = await loadInvalid(
      yamlFile(`
        services:
          api:
            command: x
            depends_on: { db: healty }
      `),
    );
    expect(error.details).toEqual([
      'stackctl.yaml:4:19 services.api.depends_on.db: unknown service db',
      expect.stringMatching(/^stackctl\.yaml:4:23 services\.api\.depends_on\.db: must be one of started, healthy, completed/),
    ]);
  });

  it('exposes the problems as data for --json', async () => {
    const error = await loadInvalid(yamlFile(`
      services:
        api:
          command: x
          port: 0
    `));
    expect(error.problems).toEqual([
      {
        file: expect.stringMatching(/stackctl\.yaml$/),
        path: 'services.api.port',
        line: 4,
        column: 11,
        message: 'must be a whole number from 1 to 65535',
        severity: 'error',
        formatted: 'stackctl.yaml:4:11 services.api.port: must be a whole number from 1 to 65535',
      },
    ]);
  });

  it('says "1 problem" for one', async () => {
    const error = await loadInvalid(yamlFile(`
      services:
        api: { command: 1 }
    `));
    expect(error.message).toBe('1 problem in stackctl.yaml');
  });
});
