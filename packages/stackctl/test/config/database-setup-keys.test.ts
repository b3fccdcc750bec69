// The top-level `database:` key and the per-service `setup:` key: defaults, resolution and their problems; missing env files for set-up commands.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/index.js';
import { dedent, expectProblems, loadProject, removeTempProjects, tempProject, yamlFile } from './temp-project.js';

afterAll(removeTempProjects);

describe('database:', () => {
  it('resolves paths against the config folder and defaults to the built-in runner', async () => {
    const { config } = await loadProject(
      yamlFile(`
        services:
          api: { command: node server.js }
        database:
          url: sqlite:./data/app.db
          seed: ./seed.sql
      `),
    );
    expect(config.database).toEqual({
      url: 'sqlite:./data/app.db',
      migrationsDir: path.join(config.root, 'migrations'),
      tool: 'builtin',
      cwd: config.root,
      seed: { kind: 'sql', file: path.join(config.root, 'seed.sql') },
      envFile: path.join(config.root, '.env'),
    });
  });

  it('keeps ${VAR} references for later, takes a tool, a folder and a seed command', async () => {
    const { config } = await loadProject(
      yamlFile(`
        services:
          api: { command: node server.js }
        database:
          url: \${DATABASE_URL}
          tool: alembic
          cwd: ./api
          migrations_dir: db/migrations
          seed: python seed.py
          env_file: api/.env
      `),
      );
    expect(config.database).toMatchObject({
      url: '${DATABASE_URL}',
      tool: 'alembic',
      cwd: path.join(config.root, 'api'),
      migrationsDir: path.join(config.root, 'db/migrations'),
      seed: { kind: 'command', command: 'python seed.py' },
      envFile: path.join(config.root, 'api/.env'),
    });
  });

  it('has no database when the key is absent', async () => {
    const { config } = await loadProject(yamlFile('services:\n  api: { command: x }\n'));
    expect(config.database).toBeUndefined();
  });

  it('reports a bad URL, an unknown tool (with a suggestion) and an unknown key at their lines', async () => {
    await expectProblems(
      yamlFile(`
        services:
          api: { command: x }
        database:
          url: mysql://localhost/app
          tool: alembik
          migration_dir: x
      `),
      [
        { at: 'stackctl.yaml:4:8 database.url', says: 'must be a sqlite: URL' },
        { at: 'stackctl.yaml:5:9 database.tool', says: 'did you mean alembic' },
        { at: 'stackctl.yaml:6:3 database.migration_dir', says: 'migrations_dir' },
      ],
    );
  });
});

describe('services.<name>.setup', () => {
  it('takes a command, a list of commands, an argv list, or false', async () => {
    const { config } = await loadProject(
      yamlFile(`
        services:
          one: { command: x, setup: make deps }
          list: { command: x, setup: ["npm ci", "npm run build"] }
          argv: { command: x, setup: ["npm", "ci"] }
          mixed: { command: x, setup: [["pip", "install", "-r", "requirements.txt"], "echo done"] }
          none: { command: x, setup: false }
          detected: { command: x }
      `),
    );
    expect(config.services.one?.setup).toEqual(['make deps']);
    expect(config.services.list?.setup).toEqual(['npm ci', 'npm run build']);
    expect(config.services.argv?.setup).toEqual([['npm', 'ci']]);
    expect(config.services.mixed?.setup).toEqual([['pip', 'install', '-r', 'requirements.txt'], 'echo done']);
    expect(config.services.none?.setup).toBe(false);
    expect(config.services.detected?.setup).toBeUndefined();
  });

  it('reports true and an empty list at their lines', async () => {
    await expectProblems(
      yamlFile(`
        services:
          a: { command: x, setup: true }
          b: { command: x, setup: [] }
      `),
      [
        { at: 'stackctl.yaml:2:27 services.a.setup', says: 'must be a command, a non-empty list of commands, or false' },
        { at: 'stackctl.yaml:3:27 services.b.setup', says: 'must be a command, a non-empty list of commands, or false' },
      ],
    );
  });
});

describe('a missing env_file', () => {
  const files = { 'stackctl.yaml': dedent('services:\n  api:\n    command: x\n    env_file: .env\n    env: { A: "1" }\n') };

  it('is an error for the commands that run the stack', async () => {
    const dir = tempProject(files);
    await expect(loadConfig({ cwd: dir, parentEnv: {} })).rejects.toMatchObject({ code: 'E_CONFIG_INVALID' });
  });

  it('is a warning, read as empty, for the set-up commands that create it', async () => {
    const dir = tempProject(files);
    const { config, warnings } = await loadConfig({ cwd: dir, parentEnv: {}, tolerateMissingEnvFiles: true });
    expect(config.services.api?.env.A).toBe('1');
    expect(warnings.map((w) => w.formatted)).toEqual([expect.stringContaining('env_file: file not found') as unknown]);
    expect(warnings[0]?.formatted).toContain('stackctl env setup');
  });
});
