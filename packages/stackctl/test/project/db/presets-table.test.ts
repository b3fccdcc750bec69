// Presets as data: the command line each tool runs per action, the unsupported ones, detection and program lookup.
import { chmodSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { commandLines, detectMigrationTool, findProgram, PRESETS, type ExternalTool } from '../../../src/project/db/presets/index.js';
import { usePresetProjects } from './preset-project.js';

const tempDir = usePresetProjects('stackctl-presets-');

describe('preset command lines', () => {
  it.each([
    ['alembic', 'migrate', ['alembic upgrade head']],
    ['alembic', 'status', ['alembic current', 'alembic history --indicate-current']],
    ['alembic', 'rollback', ['alembic downgrade -1']],
    ['prisma', 'migrate', ['npx prisma migrate deploy']],
    ['prisma', 'status', ['npx prisma migrate status']],
    ['knex', 'migrate', ['npx knex migrate:latest']],
    ['knex', 'status', ['npx knex migrate:status']],
    ['knex', 'rollback', ['npx knex migrate:rollback']],
    ['drizzle', 'migrate', ['npx drizzle-kit migrate']],
    ['sequelize', 'migrate', ['npx sequelize-cli db:migrate']],
    ['sequelize', 'status', ['npx sequelize-cli db:migrate:status']],
    ['sequelize', 'rollback', ['npx sequelize-cli db:migrate:undo']],
    ['django', 'migrate', ['python manage.py migrate --noinput']],
    ['django', 'status', ['python manage.py showmigrations']],
  ] as const)('%s %s runs %j', (tool, action, lines) => {
    expect(commandLines(PRESETS[tool], action)).toEqual(lines);
  });

  it.each([
    ['prisma', 'rollback', /prisma has no down migrations/],
    ['drizzle', 'rollback', /drizzle-kit has no down migrations/],
    ['drizzle', 'status', /no command that shows which migrations/],
    ['django', 'rollback', /app to a named migration/],
  ] as const)('%s %s is refused with a reason and a hint', (tool, action, reason) => {
    const step = PRESETS[tool].actions[action];
    expect(step.kind).toBe('unsupported');
    if (step.kind !== 'unsupported') return;
    expect(step.message).toMatch(reason);
    expect(step.hint.length).toBeGreaterThan(10);
    expect(commandLines(PRESETS[tool], action)).toEqual([]);
  });

  it('says how to install every tool', () => {
    for (const preset of Object.values(PRESETS)) expect(preset.install).toMatch(/install/);
  });
});

describe('detectMigrationTool', () => {
  it.each<[Record<string, string>, ExternalTool | null]>([
    [{ 'alembic.ini': '[alembic]\n' }, 'alembic'],
    [{ 'prisma/schema.prisma': 'datasource db {}\n' }, 'prisma'],
    [{ 'package.json': JSON.stringify({ devDependencies: { prisma: '^5' } }) }, 'prisma'],
    [{ 'knexfile.js': 'module.exports = {}\n' }, 'knex'],
    [{ 'knexfile.ts': 'export default {}\n' }, 'knex'],
    [{ 'knexfile.mjs': 'export default {}\n' }, 'knex'],
    [{ 'drizzle.config.ts': 'export default {}\n' }, 'drizzle'],
    [{ 'drizzle.config.mjs': 'export default {}\n' }, 'drizzle'],
    [{ '.sequelizerc': 'module.exports = {}\n' }, 'sequelize'],
    [{ 'package.json': JSON.stringify({ dependencies: { 'sequelize-cli': '^6' } }) }, 'sequelize'],
    [{ 'manage.py': 'import django\n' }, 'django'],
    [{ 'package.json': JSON.stringify({ dependencies: { express: '^4' } }), 'server.js': '' }, null],
    [{ 'package.json': '{ not json' }, null],
    [{}, null],
  ])('%j → %s', (files, tool) => {
    expect(detectMigrationTool(tempDir(files))).toBe(tool);
  });

  it('prefers alembic.ini over a manage.py beside it (the first rule wins)', () => {
    expect(detectMigrationTool(tempDir({ 'manage.py': '', 'alembic.ini': '' }))).toBe('alembic');
  });
});

describe('findProgram', () => {
  const script = '#!/bin/sh\nexit 0\n';

  it('takes node_modules/.bin of the folder or a parent before PATH', () => {
    const global = tempDir({ 'bin/knex': script });
    const root = tempDir({ 'node_modules/.bin/knex': script, 'packages/api/.keep': '' });
    const found = findProgram(PRESETS.knex.program, path.join(root, 'packages/api'), { PATH: path.join(global, 'bin') });
    expect(found).toEqual({ file: path.join(root, 'node_modules/.bin/knex'), leadingArgs: [] });
    expect(findProgram(PRESETS.knex.program, tempDir(), { PATH: path.join(global, 'bin') })?.file).toBe(path.join(global, 'bin/knex'));
  });

  it('takes .venv/bin, venv/bin or $VIRTUAL_ENV before PATH for Python tools', () => {
    const global = tempDir({ 'bin/alembic': script, 'bin/python3': script });
    const project = tempDir({ '.venv/bin/alembic': script, '.venv/bin/python': script });
    expect(findProgram(PRESETS.alembic.program, project, { PATH: path.join(global, 'bin') })?.file).toBe(path.join(project, '.venv/bin/alembic'));
    expect(findProgram(PRESETS.django.program, project, { PATH: path.join(global, 'bin') })).toEqual({
      file: path.join(project, '.venv/bin/python'),
      leadingArgs: ['manage.py'],
    });
    const active = tempDir({ 'bin/alembic': script });
    expect(findProgram(PRESETS.alembic.program, tempDir(), { PATH: path.join(global, 'bin'), VIRTUAL_ENV: active })?.file).toBe(path.join(active, 'bin/alembic'));
    const plain = tempDir({ 'venv/bin/alembic': script });
    expect(findProgram(PRESETS.alembic.program, plain, { PATH: '' })?.file).toBe(path.join(plain, 'venv/bin/alembic'));
    expect(findProgram(PRESETS.django.program, tempDir(), { PATH: path.join(global, 'bin') })?.file).toBe(path.join(global, 'bin/python3'));
  });

  it('skips files that are not executable and returns null when nothing is installed', () => {
    const project = tempDir({ 'node_modules/.bin/prisma': script });
    chmodSync(path.join(project, 'node_modules/.bin/prisma'), 0o644);
    expect(findProgram(PRESETS.prisma.program, project, { PATH: '' })).toBeNull();
    expect(findProgram(PRESETS.sequelize.program, tempDir({ 'node_modules/.bin/sequelize': script }), { PATH: '' })?.file).toMatch(/\.bin\/sequelize$/);
  });
});
