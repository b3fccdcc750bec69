// Discovery: the nearest config upwards, the order of names, --config as a file or folder, the Procfile fallback.
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { StackctlError } from '../../src/errors/index.js';
import { loadConfig } from '../../src/config/index.js';
import { loadProject, removeTempProjects, tempProject } from './temp-project.js';

afterAll(removeTempProjects);

async function expectNotFound(promise: Promise<unknown>): Promise<StackctlError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(StackctlError);
  expect((error as StackctlError).code).toBe('E_CONFIG_NOT_FOUND');
  return error as StackctlError;
}

describe('discovery', () => {
  it('finds the config in the nearest parent of a nested working folder', async () => {
    const { config, root } = await loadProject(
      { 'stackctl.yaml': 'services:\n  api: { command: x }\n', 'packages/api/src/': '' },
      { subfolder: 'packages/api/src' },
    );
    expect(config.configPath).toBe(path.join(root, 'stackctl.yaml'));
    expect(config.root).toBe(root);
    expect(config.services.api?.cwd).toBe(root);
  });

  it('prefers the nearest folder over a parent', async () => {
    const { config, root } = await loadProject(
      { 'stackctl.yaml': 'services:\n  outer: { command: x }\n', 'inner/stackctl.yml': 'services:\n  inner: { command: x }\n' },
      { subfolder: 'inner' },
    );
    expect(config.configPath).toBe(path.join(root, 'inner', 'stackctl.yml'));
  });

  it('takes the first name in order when a folder has two configs, and warns', async () => {
    const { config, warnings } = await loadProject({
      'stackctl.json': '{"services": {"fromjson": {"command": "x"}}}',
      'stackctl.yaml': 'services:\n  fromyaml: { command: x }\n',
    });
    expect(Object.keys(config.services)).toEqual(['fromyaml']);
    expect(warnings).toEqual([
      expect.objectContaining({ severity: 'warning', message: 'stackctl.json in the same folder is ignored; stackctl.yaml comes first' }),
    ]);
  });

  it('uses --config over discovery, relative to the working folder', async () => {
    const { config, root } = await loadProject(
      { 'stackctl.yaml': 'services:\n  main: { command: x }\n', 'ci/stack.yaml': 'services:\n  other: { command: x }\n' },
      { configPath: 'ci/stack.yaml' },
    );
    expect(config.configPath).toBe(path.join(root, 'ci', 'stack.yaml'));
    expect(config.root).toBe(path.join(root, 'ci'));
    expect(Object.keys(config.services)).toEqual(['other']);
  });

  it('accepts a folder as --config', async () => {
    const { config } = await loadProject({ 'deploy/stackctl.json': '{"services": {"x": {"command": "x"}}}' }, { configPath: 'deploy' });
    expect(config.source).toBe('json');
  });

  it('fails with E_CONFIG_NOT_FOUND when --config does not exist', async () => {
    const root = tempProject({ 'stackctl.yaml': 'services:\n  a: { command: x }\n' });
    const error = await expectNotFound(loadConfig({ cwd: root, configPath: 'missing.yaml', parentEnv: {} }));
    expect(error.message).toContain(path.join(root, 'missing.yaml'));
  });

  it('fails with E_CONFIG_NOT_FOUND and a hint when there is no config and no Procfile', async () => {
    const root = tempProject({ 'src/': '' });
    const error = await expectNotFound(loadConfig({ cwd: path.join(root, 'src'), parentEnv: {} }));
    expect(error.hint).toBe('run stackctl init, or pass --config');
  });
});

describe('Procfile fallback', () => {
  it('turns each line into a service with foreman ports', async () => {
    const { config, root } = await loadProject(
      {
        Procfile: '# processes\nweb: bundle exec rails s -p $PORT\n\nworker:   node worker.js\nclock: node clock.js\n',
        '.env': 'RAILS_ENV=development\n',
      },
      { parentEnv: { PORT: '9999' } },
    );
    expect(config).toMatchObject({ source: 'procfile', configPath: path.join(root, 'Procfile'), project: path.basename(root) });
    expect(Object.keys(config.services)).toEqual(['web', 'worker', 'clock']);
    expect(config.services.web).toMatchObject({ command: 'bundle exec rails s -p $PORT', restart: 'on-failure', cwd: root });
    expect(config.services.web?.env).toMatchObject({ PORT: '5000', RAILS_ENV: 'development', STACKCTL_SERVICE: 'web' });
    expect(config.services.worker?.env.PORT).toBe('5100');
    expect(config.services.clock?.env.PORT).toBe('5200');
  });

  it('is not used when a stackctl config exists', async () => {
    const { config } = await loadProject({ Procfile: 'web: x\n', 'stackctl.yaml': 'services:\n  api: { command: x }\n' });
    expect(config.source).toBe('yaml');
  });
});
