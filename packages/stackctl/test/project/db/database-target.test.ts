// resolveDatabaseTarget: sqlite and postgres URLs, ${VAR} expansion from the environment and the env file, and its errors.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ResolvedConfig, ResolvedDatabase } from '../../../src/config/types.js';
import { redactUrl, resolveDatabaseTarget } from '../../../src/project/db/index.js';
import { makeConfig } from '../../helpers/make-config.js';
import { thrownStackctlError } from '../../helpers/thrown.js';

let root = '';
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-db-url-'));
});
afterAll(() => {
  fs.rmSync(root, { recursive: true, force: true });
});

function config(url: string | null, envFile = '.env'): ResolvedConfig {
  const database: ResolvedDatabase = {
    url,
    migrationsDir: path.join(root, 'migrations'),
    tool: 'builtin',
    cwd: root,
    seed: null,
    envFile: path.join(root, envFile),
  };
  return { ...makeConfig(), root, configPath: path.join(root, 'stackctl.yaml'), database };
}

describe('resolveDatabaseTarget', () => {
  it('resolves a relative sqlite: path against the config folder', () => {
    expect(resolveDatabaseTarget(config('sqlite:./data/app.db'), {})).toEqual({ kind: 'sqlite', file: path.join(root, 'data', 'app.db') });
    expect(resolveDatabaseTarget(config('sqlite:data/app.db'), {})).toEqual({ kind: 'sqlite', file: path.join(root, 'data', 'app.db') });
  });

  it('keeps absolute sqlite:/// paths and in-memory databases', () => {
    expect(resolveDatabaseTarget(config('sqlite:///var/lib/app/app.db'), {})).toEqual({ kind: 'sqlite', file: '/var/lib/app/app.db' });
    expect(resolveDatabaseTarget(config('sqlite::memory:'), {})).toEqual({ kind: 'sqlite', file: ':memory:' });
  });

  it('parses postgres:// and postgresql:// URLs', () => {
    expect(resolveDatabaseTarget(config('postgres://app:secret@db.local:6543/shop'), {})).toEqual({
      kind: 'postgres',
      url: 'postgres://app:secret@db.local:6543/shop',
      database: 'shop',
      address: 'db.local:6543',
    });
    expect(resolveDatabaseTarget(config('postgresql://app@127.0.0.1/app'), {})).toMatchObject({ database: 'app', address: '127.0.0.1:5432' });
    // libpq's rule: without a path the database is named after the user.
    expect(resolveDatabaseTarget(config('postgres://ann@localhost'), {})).toMatchObject({ database: 'ann' });
  });

  it('expands ${VAR} from the environment', () => {
    const target = resolveDatabaseTarget(config('postgres://${PGUSER}:${PGPASSWORD}@127.0.0.1:5432/${PGDATABASE}'), {
      PGUSER: 'app',
      PGPASSWORD: 'p4ss',
      PGDATABASE: 'shop',
    });
    expect(target).toMatchObject({ url: 'postgres://app:p4ss@127.0.0.1:5432/shop', database: 'shop' });
  });

  it('reads ${VAR} from database.env_file, and the environment wins over it', () => {
    fs.writeFileSync(path.join(root, 'db.env'), 'DATABASE_URL=postgres://file@127.0.0.1/from_file\nDB_FILE=./from-file.db\n');
    expect(resolveDatabaseTarget(config('${DATABASE_URL}', 'db.env'), {})).toMatchObject({ database: 'from_file' });
    expect(resolveDatabaseTarget(config('${DATABASE_URL}', 'db.env'), { DATABASE_URL: 'postgres://env@127.0.0.1/from_env' })).toMatchObject({
      database: 'from_env',
    });
    expect(resolveDatabaseTarget(config('sqlite:${DB_FILE}', 'db.env'), {})).toEqual({ kind: 'sqlite', file: path.join(root, 'from-file.db') });
  });

  it('uses ${VAR:-default} when the variable is unset or empty, and ${VAR-default} only when unset', () => {
    expect(resolveDatabaseTarget(config('${DATABASE_URL:-sqlite:./dev.db}'), {})).toEqual({ kind: 'sqlite', file: path.join(root, 'dev.db') });
    expect(resolveDatabaseTarget(config('${DATABASE_URL:-sqlite:./dev.db}'), { DATABASE_URL: '' })).toMatchObject({ kind: 'sqlite' });
    expect(resolveDatabaseTarget(config('postgres://u:${PW-x}@h/d'), { PW: '' })).toMatchObject({ url: 'postgres://u:@h/d' });
    expect(resolveDatabaseTarget(config('${DATABASE_URL:-sqlite:./dev.db}'), { DATABASE_URL: 'sqlite:./env.db' })).toEqual({
      kind: 'sqlite',
      file: path.join(root, 'env.db'),
    });
  });

  it('names every unset variable and where to set it', () => {
    const error = thrownStackctlError(() => resolveDatabaseTarget(config('postgres://${PGUSER}:${PGPASSWORD}@localhost/${PGUSER}', 'missing.env'), {}));
    expect(error.code).toBe('E_DATABASE_NOT_CONFIGURED');
    expect(error.message).toBe('database.url uses ${PGUSER}, ${PGPASSWORD} but they are not set');
    expect(error.hint).toContain(`set PGUSER, PGPASSWORD in ${path.join(root, 'missing.env')} (database.env_file) or in the environment`);
  });

  it('is E_DATABASE_NOT_CONFIGURED without database: or without a url', () => {
    const none = thrownStackctlError(() => resolveDatabaseTarget({ ...makeConfig(), configPath: path.join(root, 'stackctl.yaml') }, {}));
    expect(none.code).toBe('E_DATABASE_NOT_CONFIGURED');
    expect(none.message).toBe(`${path.join(root, 'stackctl.yaml')} has no database: section`);
    const noUrl = thrownStackctlError(() => resolveDatabaseTarget(config(null), {}));
    expect(noUrl.code).toBe('E_DATABASE_NOT_CONFIGURED');
    expect(noUrl.message).toContain('database.url is not set');
  });

  it('rejects a URL that expands to neither sqlite: nor postgres://, without printing its password', () => {
    const error = thrownStackctlError(() => resolveDatabaseTarget(config('${DATABASE_URL}'), { DATABASE_URL: 'mysql://root:hunter2@localhost/app' }));
    expect(error.code).toBe('E_CONFIG_INVALID');
    expect(error.message).toContain('mysql://root:***@localhost/app');
    expect(error.message).not.toContain('hunter2');
    expect(thrownStackctlError(() => resolveDatabaseTarget(config('sqlite:${BROKEN'), {})).code).toBe('E_CONFIG_INVALID');
    expect(redactUrl('postgres://app:s3cret@host/db')).toBe('postgres://app:***@host/db');
  });
});
