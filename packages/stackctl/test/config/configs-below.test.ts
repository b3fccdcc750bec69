// No config found: the shallow search of subfolders that lets the E_CONFIG_NOT_FOUND hint name the configs there.
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configNotFoundHint, findConfigsBelow } from '../../src/config/configs-below.js';
import { loadConfig } from '../../src/config/index.js';
import { isStackctlError } from '../../src/errors/index.js';
import { removeTempProjects, tempProject } from './temp-project.js';

afterEach(removeTempProjects);

const SERVICES = 'services:\n  a: { command: x }\n';

describe('findConfigsBelow', () => {
  it('finds configs two levels down, nearest first, and skips node_modules, hidden and deeper folders', () => {
    const root = tempProject({
      'examples/fullstack/stackctl.yaml': SERVICES,
      'examples/fullstack/nested/stackctl.yaml': SERVICES,
      'app/stackctl.json': '{}',
      'node_modules/pkg/stackctl.yaml': SERVICES,
      '.git/x/stackctl.yaml': SERVICES,
      'a/b/c/stackctl.yaml': SERVICES,
    });
    expect(findConfigsBelow(root).map((file) => path.relative(root, file))).toEqual(['app/stackctl.json', 'examples/fullstack/stackctl.yaml']);
    expect(findConfigsBelow(root, 3).map((file) => path.relative(root, file))).toContain('a/b/c/stackctl.yaml');
  });
});

describe('the E_CONFIG_NOT_FOUND hint', () => {
  it('names the one config below: cd into its folder, or -c its path', async () => {
    const root = tempProject({ 'examples/fullstack/stackctl.yaml': SERVICES, 'README.md': '' });
    const error: unknown = await loadConfig({ cwd: root, parentEnv: {} }).catch((caught: unknown) => caught);
    expect(isStackctlError(error) && [error.code, error.hint]).toEqual([
      'E_CONFIG_NOT_FOUND',
      'a stackctl config is in examples/fullstack: `cd examples/fullstack` first, or pass `-c examples/fullstack/stackctl.yaml`',
    ]);
  });

  it('lists several; suggests init when there is none', () => {
    const root = tempProject({ 'api/stackctl.yaml': SERVICES, 'web/stackctl.yml': SERVICES, 'src/': '' });
    expect(configNotFoundHint(root)).toBe('stackctl configs below this folder: api/stackctl.yaml, web/stackctl.yml; `cd` into one\'s folder, or pass `-c <path>`');
    expect(configNotFoundHint(path.join(root, 'src'))).toBe('run stackctl init, or pass --config');
  });
});
