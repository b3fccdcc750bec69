// The environment each service gets: parent < env files in order < env map < STACKCTL_* variables, and the PORT rule.
import { afterAll, describe, expect, it } from 'vitest';
import { dedent, loadProject, removeTempProjects } from './temp-project.js';

afterAll(removeTempProjects);

describe('environment', () => {
  const files = {
    'stackctl.yaml': dedent(`
      name: envtest
      services:
        api:
          command: x
          env_file: [one.env, two.env]
          env: { D: from-map, STACKCTL: "0", FLAG: true, COUNT: 3 }
    `),
    'one.env': 'B=from-one\nC=from-one\nD=from-one\n',
    'two.env': 'C=from-two\nD=from-two\nE=${B}+${A}\n',
  };

  it('layers parent < env files in order < env map < STACKCTL variables', async () => {
    const parentEnv = { A: 'parent', B: 'parent', C: 'parent', D: 'parent', STACKCTL_SERVICE: 'bogus', UNSET: undefined };
    const { config } = await loadProject(files, { parentEnv });
    expect(config.services.api?.env).toEqual({
      A: 'parent',
      B: 'from-one',
      C: 'from-two',
      D: 'from-map',
      E: 'from-one+parent',
      FLAG: 'true',
      COUNT: '3',
      STACKCTL: '1',
      STACKCTL_SERVICE: 'api',
      STACKCTL_PROJECT: 'envtest',
    });
  });

  it('never reads process.env', async () => {
    process.env.STACKCTL_TEST_LEAK = 'leak';
    try {
      const { config } = await loadProject(files, { parentEnv: {} });
      expect(config.services.api?.env.STACKCTL_TEST_LEAK).toBeUndefined();
      expect(config.services.api?.env.A).toBeUndefined();
    } finally {
      delete process.env.STACKCTL_TEST_LEAK;
    }
  });

  it('sets PORT for exactly one port unless env or an env file sets it', async () => {
    const { config } = await loadProject(
      {
        'stackctl.yaml': dedent(`
          services:
            one: { command: x, port: 4000 }
            list: { command: x, ports: [4001] }
            two: { command: x, ports: [4002, 4003] }
            none: { command: x }
            mapped: { command: x, port: 4004, env: { PORT: 8080 } }
            filed: { command: x, port: 4005, env_file: port.env }
        `),
        'port.env': 'PORT=7070\n',
      },
      { parentEnv: { PORT: '9999' } },
    );
    const port = (name: string): string | undefined => config.services[name]?.env.PORT;
    expect(port('one')).toBe('4000');
    expect(port('list')).toBe('4001');
    expect(port('two')).toBe('9999');
    expect(port('none')).toBe('9999');
    expect(port('mapped')).toBe('8080');
    expect(port('filed')).toBe('7070');
  });

  it('gives no PORT to a wrapper of several servers, directly or through package.json scripts; a single server still gets it', async () => {
    const { config } = await loadProject(
      {
        'stackctl.yaml': dedent(`
          services:
            both: { command: npm run dev, port: 4100 }
            direct: { command: 'concurrently "npm:server" "npm:client"', port: 4101 }
            parallel: { command: npm-run-all --parallel dev:*, port: 4102 }
            turbo: { command: pnpm turbo run dev, port: 4103 }
            background: { command: node a.js & vite, port: 4104 }
            server: { command: npm run server, port: 4105 }
            quoted: { command: "node -e 'a & b'", port: 4106 }
            argv: { command: [node, server.js], port: 4107 }
            sequential: { command: npm run build-then-serve, port: 4108 }
        `),
        'package.json': JSON.stringify({
          scripts: { dev: 'npm run both', both: 'concurrently -k "npm:server" "npm:client"', server: 'node server.js', 'build-then-serve': 'tsc && node dist/server.js' },
        }),
      },
      { parentEnv: {} },
    );
    const port = (name: string): string | undefined => config.services[name]?.env.PORT;
    expect([port('both'), port('direct'), port('parallel'), port('turbo'), port('background')]).toEqual([undefined, undefined, undefined, undefined, undefined]);
    expect([port('server'), port('quoted'), port('argv'), port('sequential')]).toEqual(['4105', '4106', '4107', '4108']);
  });

  it('reads env files relative to the config folder, not the service cwd', async () => {
    const { config } = await loadProject({
      'stackctl.yaml': 'services:\n  api:\n    command: x\n    cwd: api\n    env_file: api/.env\n',
      'api/.env': 'WHERE=api-folder\n',
    });
    expect(config.services.api?.env.WHERE).toBe('api-folder');
  });
});
