// The built-in runner against real SQLite and PostgreSQL: migrate, status, drift refusals, failures, rollback.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  HISTORY_TABLE,
  migrate,
  migrationStatus,
  readMigrations,
  rollback,
  type DatabaseDriver,
  type MigrationProgress,
} from '../../../src/project/db/index.js';
import { stackctlRejection } from '../../helpers/thrown.js';
import { BACKENDS, THREE_MIGRATIONS, useDbScratch } from './db-scratch.js';

const scratch = useDbScratch();

async function states(driver: DatabaseDriver, dir: string): Promise<string[]> {
  return (await migrationStatus(driver, readMigrations(dir))).map((entry) => `${entry.version}:${entry.state}`);
}

describe.each(BACKENDS)('built-in runner on %s', (kind) => {
  it('applies migrations in version order, records their checksums and reports progress', async () => {
    const { driver } = await scratch.open(kind);
    // Written in reverse so directory order cannot be what sorts them.
    const dir = scratch.folder(Object.fromEntries(Object.entries(THREE_MIGRATIONS).reverse()));
    const migrations = readMigrations(dir);
    const events: MigrationProgress[] = [];
    const applied = await migrate(driver, migrations, { onProgress: (event) => events.push(event) });
    expect(applied.map((migration) => migration.version)).toEqual(['0001', '0002', '0003']);
    expect(events.map((event) => `${event.kind} ${event.version}`)).toEqual([
      'applying 0001', 'applied 0001', 'applying 0002', 'applied 0002', 'applying 0003', 'applied 0003',
    ]);
    expect(events.filter((event) => event.kind === 'applied').every((event) => typeof event.durationMs === 'number')).toBe(true);
    const rows = await driver.query<{ version: string; name: string; checksum: string; baseline: number }>(
      `SELECT version, name, checksum, baseline FROM ${HISTORY_TABLE} ORDER BY version`,
    );
    expect(rows.map((row) => [row.version, row.name, row.checksum, Number(row.baseline)])).toEqual(
      migrations.map((migration) => [migration.version, migration.name, migration.checksum, 0]),
    );
    expect(await driver.query<{ name: string }>('SELECT name FROM authors')).toEqual([{ name: 'Ada' }]);
  });

  it('lists applied and pending migrations, and applies only up to `to`', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder(THREE_MIGRATIONS);
    expect(await states(driver, dir)).toEqual(['0001:pending', '0002:pending', '0003:pending']);
    expect(await driver.tableExists(HISTORY_TABLE)).toBe(false);
    const applied = await migrate(driver, readMigrations(dir), { to: '2' });
    expect(applied.map((migration) => migration.version)).toEqual(['0001', '0002']);
    const status = await migrationStatus(driver, readMigrations(dir));
    expect(status.map((entry) => `${entry.version}:${entry.state}`)).toEqual(['0001:applied', '0002:applied', '0003:pending']);
    expect(status[0]?.appliedAt).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(status[2]?.appliedAt).toBeNull();
    expect(await driver.tableExists('books')).toBe(true);
    expect((await stackctlRejection(migrate(driver, readMigrations(dir), { to: '0042' }))).code).toBe('E_USAGE');
  });

  it('does nothing on a second run', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder(THREE_MIGRATIONS);
    await migrate(driver, readMigrations(dir));
    const before = await driver.query(`SELECT version, applied_at FROM ${HISTORY_TABLE} ORDER BY version`);
    expect(await migrate(driver, readMigrations(dir))).toEqual([]);
    expect(await driver.query(`SELECT version, applied_at FROM ${HISTORY_TABLE} ORDER BY version`)).toEqual(before);
    expect(await driver.query('SELECT name FROM authors')).toHaveLength(1);
  });

  it('refuses to run when an applied file changed, naming it', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder(THREE_MIGRATIONS);
    await migrate(driver, readMigrations(dir));
    fs.appendFileSync(path.join(dir, '0002_create_books.sql'), '-- an edit after the fact\n');
    fs.writeFileSync(path.join(dir, '0004_create_tags.sql'), 'CREATE TABLE tags (id INTEGER);\n');
    const error = await stackctlRejection(migrate(driver, readMigrations(dir)));
    expect(error.code).toBe('E_MIGRATION_CHANGED');
    expect(error.message).toContain('0002_create_books.sql changed since it was applied');
    expect(error.message).not.toContain('0001');
    expect(error.hint).toMatch(/new migration/);
    expect(await driver.tableExists('tags')).toBe(false);
    expect(await states(driver, dir)).toEqual(['0001:applied', '0002:changed', '0003:applied', '0004:pending']);
  });

  it('refuses to run when an applied file is missing, naming it', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder(THREE_MIGRATIONS);
    await migrate(driver, readMigrations(dir));
    fs.rmSync(path.join(dir, '0001_create_authors.sql'));
    const error = await stackctlRejection(migrate(driver, readMigrations(dir)));
    expect(error.code).toBe('E_MIGRATION_CHANGED');
    expect(error.message).toContain('0001_create_authors.sql was applied but is missing');
    expect(error.hint).toContain(`restore the missing file in ${dir}`);
    expect(await states(driver, dir)).toEqual(['0001:missing', '0002:applied', '0003:applied']);
  });

  it('rolls a failing migration back, keeps earlier ones and stops before later ones', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder({
      '0001_create_authors.sql': THREE_MIGRATIONS['0001_create_authors.sql'],
      '0002_broken.sql': '-- up\nCREATE TABLE half (id INTEGER);\nINSERT INTO half VALUES (1);\n\nSELEC nonsense;\n-- down\nDROP TABLE half;\n',
      '0003_after.sql': 'CREATE TABLE after_broken (id INTEGER);\n',
    });
    const events: string[] = [];
    const error = await stackctlRejection(migrate(driver, readMigrations(dir), { onProgress: (event) => events.push(`${event.kind} ${event.version}`) }));
    expect(error.code).toBe('E_MIGRATION_FAILED');
    expect(error.message).toMatch(/^migration 0002_broken\.sql failed: .*syntax error/);
    // PostgreSQL reports the error's position, which is mapped to the line in the file.
    if (kind === 'postgres') expect(error.message).toMatch(/\(line 5\)$/);
    expect(events).toEqual(['applying 0001', 'applied 0001', 'applying 0002']);
    expect(await driver.tableExists('authors')).toBe(true);
    expect(await driver.tableExists('half')).toBe(false);
    expect(await driver.tableExists('after_broken')).toBe(false);
    expect(await states(driver, dir)).toEqual(['0001:applied', '0002:pending', '0003:pending']);
  });

  it('rolls back one step by default, then down to (not including) a version', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder({ ...THREE_MIGRATIONS, '0004_create_tags.sql': '-- up\nCREATE TABLE tags (id INTEGER);\n-- down\nDROP TABLE tags;\n' });
    await migrate(driver, readMigrations(dir));
    const events: string[] = [];
    const first = await rollback(driver, readMigrations(dir), { onProgress: (event) => events.push(`${event.kind} ${event.version}`) });
    expect(first.map((migration) => migration.version)).toEqual(['0004']);
    expect(events).toEqual(['rolling-back 0004', 'rolled-back 0004']);
    expect(await driver.tableExists('tags')).toBe(false);
    const second = await rollback(driver, readMigrations(dir), { to: '0001' });
    expect(second.map((migration) => migration.version)).toEqual(['0003', '0002']);
    expect(await driver.query('SELECT * FROM authors')).toEqual([]);
    expect(await driver.tableExists('books')).toBe(false);
    expect(await states(driver, dir)).toEqual(['0001:applied', '0002:pending', '0003:pending', '0004:pending']);
    const rest = await rollback(driver, readMigrations(dir), { to: '0' });
    expect(rest.map((migration) => migration.version)).toEqual(['0001']);
    expect(await driver.tableExists('authors')).toBe(false);
    expect(await rollback(driver, readMigrations(dir))).toEqual([]);
  });

  it('refuses to roll back a migration without a -- down section, naming the file, and undoes nothing', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder({
      '0001_create_authors.sql': THREE_MIGRATIONS['0001_create_authors.sql'],
      '0002_no_down.sql': 'CREATE TABLE forever (id INTEGER);\n',
    });
    await migrate(driver, readMigrations(dir));
    const error = await stackctlRejection(rollback(driver, readMigrations(dir), { steps: 2 }));
    expect(error.code).toBe('E_MIGRATION_FAILED');
    expect(error.message).toBe('cannot roll back 0002_no_down.sql: no -- down section');
    expect(await states(driver, dir)).toEqual(['0001:applied', '0002:applied']);
    expect(await driver.tableExists('forever')).toBe(true);
  });

  it('rolls back a migration whose -- down holds only a comment, as a deliberate no-op', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder({ '0001_data_only.sql': '-- up\nCREATE TABLE kept (id INTEGER);\n-- down\n-- nothing to undo: the table stays\n' });
    await migrate(driver, readMigrations(dir));
    expect((await rollback(driver, readMigrations(dir))).map((migration) => migration.version)).toEqual(['0001']);
    expect(await driver.tableExists('kept')).toBe(true);
    expect(await states(driver, dir)).toEqual(['0001:pending']);
  });

  it('rejects steps and to together, and steps below 1', async () => {
    const { driver } = await scratch.open(kind);
    const migrations = readMigrations(scratch.folder(THREE_MIGRATIONS));
    expect((await stackctlRejection(rollback(driver, migrations, { steps: 1, to: '0001' }))).code).toBe('E_USAGE');
    expect((await stackctlRejection(rollback(driver, migrations, { steps: 0 }))).code).toBe('E_USAGE');
  });
});
