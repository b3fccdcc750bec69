// Baseline against real SQLite and PostgreSQL: refuses (marking nothing) when the schema is absent, marks when present.
import { describe, expect, it } from 'vitest';
import { StackctlError } from '../../../src/errors/index.js';
import { HISTORY_TABLE, baseline, migrate, migrationStatus, readMigrations, type DatabaseDriver } from '../../../src/project/db/index.js';
import { BACKENDS, THREE_MIGRATIONS, useDbScratch } from './db-scratch.js';

const scratch = useDbScratch();

async function states(driver: DatabaseDriver, dir: string): Promise<string[]> {
  return (await migrationStatus(driver, readMigrations(dir))).map((entry) => `${entry.version}:${entry.state}${entry.baseline === true ? ':baseline' : ''}`);
}

const EXISTING_SCHEMA = 'CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL); CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER)';

describe.each(BACKENDS)('baseline on %s', (kind) => {
  it('refuses and marks nothing when a table the migrations create is absent, naming tables and files', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder(THREE_MIGRATIONS);
    await driver.exec('CREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL)');
    const error = await baseline(driver, readMigrations(dir)).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(StackctlError);
    expect((error as StackctlError).code).toBe('E_MIGRATION_FAILED');
    expect((error as StackctlError).message).toBe('cannot baseline: the database has no table books (0002_create_books.sql); nothing was marked');
    expect(await states(driver, dir)).toEqual(['0001:pending', '0002:pending', '0003:pending']);
    expect(await driver.tableExists(HISTORY_TABLE)).toBe(false);
  });

  it('a schema that predates the migrations makes migrate fail with a hint to baseline', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder(THREE_MIGRATIONS);
    await driver.exec(EXISTING_SCHEMA);
    const error = (await migrate(driver, readMigrations(dir)).catch((failure: unknown) => failure)) as StackctlError;
    expect(error.code).toBe('E_MIGRATION_FAILED');
    expect(error.message).toMatch(/^migration 0001_create_authors\.sql failed: .*already exists/);
    expect(error.hint).toContain('stackctl db baseline');
  });

  it('marks every pending migration as applied (baseline=1) without running it when the schema exists', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder(THREE_MIGRATIONS);
    await driver.exec(EXISTING_SCHEMA);
    const events: string[] = [];
    const marked = await baseline(driver, readMigrations(dir), { onProgress: (event) => events.push(`${event.kind} ${event.version}`) });
    expect(marked.map((migration) => migration.version)).toEqual(['0001', '0002', '0003']);
    expect(events).toEqual(['baselined 0001', 'baselined 0002', 'baselined 0003']);
    expect(await states(driver, dir)).toEqual(['0001:applied:baseline', '0002:applied:baseline', '0003:applied:baseline']);
    // Not run: 0003's INSERT did not happen, and migrate has nothing left to do.
    expect(await driver.query('SELECT * FROM authors')).toEqual([]);
    expect(await migrate(driver, readMigrations(dir))).toEqual([]);
  });

  it('skips migrations already applied and stops at `to`', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder({ ...THREE_MIGRATIONS, '0004_create_tags.sql': 'CREATE TABLE tags (id INTEGER);\n' });
    await migrate(driver, readMigrations(dir), { to: '0001' });
    await driver.exec('CREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER)');
    const marked = await baseline(driver, readMigrations(dir), { to: '0003' });
    expect(marked.map((migration) => migration.version)).toEqual(['0002', '0003']);
    expect(await states(driver, dir)).toEqual(['0001:applied', '0002:applied:baseline', '0003:applied:baseline', '0004:pending']);
    expect(await baseline(driver, readMigrations(dir), { to: '0003' })).toEqual([]);
  });

  it('expects only the tables left after drops and renames, with quoted and IF NOT EXISTS names', async () => {
    const { driver } = await scratch.open(kind);
    const dir = scratch.folder({
      '0001_scratch.sql': '-- up\nCREATE TABLE IF NOT EXISTS "Scratch" (id INTEGER);\nCREATE TABLE old_name (id INTEGER);\n',
      '0002_cleanup.sql': '-- up\nDROP TABLE "Scratch";\nALTER TABLE old_name RENAME TO new_name;\n-- CREATE TABLE commented_out (id INTEGER);\n',
    });
    await driver.exec('CREATE TABLE new_name (id INTEGER)');
    expect((await baseline(driver, readMigrations(dir))).map((migration) => migration.version)).toEqual(['0001', '0002']);
  });
});
