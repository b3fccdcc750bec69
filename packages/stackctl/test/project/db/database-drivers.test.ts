// The drivers against real SQLite and PostgreSQL: placeholders, transactions, tableExists, SQL errors, unreachable servers.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { StackctlError } from '../../../src/errors/index.js';
import { openDatabase, parseDatabaseUrl } from '../../../src/project/db/index.js';
import { toPostgresPlaceholders } from '../../../src/project/db/sql-placeholders.js';
import { freePort } from '../../helpers/free-port.js';
import { rejection } from '../../helpers/thrown.js';
import { BACKENDS, useDbScratch } from './db-scratch.js';

const scratch = useDbScratch();

describe('toPostgresPlaceholders', () => {
  it('numbers ? outside strings, quoted names, comments and dollar quotes', () => {
    expect(toPostgresPlaceholders('SELECT * FROM t WHERE a = ? AND b = ?')).toBe('SELECT * FROM t WHERE a = $1 AND b = $2');
    expect(toPostgresPlaceholders(`SELECT '?', 'it''s ?', "odd?name", ? -- why?\n, ? /* ? */, $$ ? $$, $tag$ ? $tag$, ?`)).toBe(
      `SELECT '?', 'it''s ?', "odd?name", $1 -- why?\n, $2 /* ? */, $$ ? $$, $tag$ ? $tag$, $3`,
    );
  });
});

describe.each(BACKENDS)('%s driver', (kind) => {
  it('binds ? parameters, leaving a quoted ? alone', async () => {
    const { driver } = await scratch.open(kind);
    const rows = await driver.query<{ a: number; b: string; c: string }>("SELECT CAST(? AS INTEGER) AS a, CAST(? AS TEXT) AS b, '?' AS c", [41, 'x']);
    expect(rows).toEqual([{ a: 41, b: 'x', c: '?' }]);
    await driver.exec('CREATE TABLE flags (on_off INTEGER, note TEXT)');
    await driver.query('INSERT INTO flags VALUES (?, ?)', [1, null]);
    expect(await driver.query('SELECT on_off, note FROM flags')).toEqual([{ on_off: 1, note: null }]);
  });

  it('commits a transaction that resolves and rolls back one that throws', async () => {
    const { driver } = await scratch.open(kind);
    await driver.exec('CREATE TABLE items (id INTEGER)');
    expect(await driver.transaction(async () => {
      await driver.query('INSERT INTO items VALUES (?)', [1]);
      return 'done';
    })).toBe('done');
    const boom = new Error('boom');
    expect(await rejection(driver.transaction(async () => {
      await driver.exec('INSERT INTO items VALUES (2); CREATE TABLE in_failed_transaction (id INTEGER)');
      throw boom;
    }))).toBe(boom);
    expect(await driver.query('SELECT id FROM items')).toEqual([{ id: 1 }]);
    expect(await driver.tableExists('in_failed_transaction')).toBe(false);
  });

  it('tells whether a table exists, and passes SQL errors through as the driver\'s own', async () => {
    const { driver } = await scratch.open(kind);
    expect(await driver.tableExists('widgets')).toBe(false);
    await driver.exec('CREATE TABLE widgets (id INTEGER)');
    expect(await driver.tableExists('widgets')).toBe(true);
    const error = await rejection(driver.query('SELECT nope FROM widgets'));
    expect(error).not.toBeInstanceOf(StackctlError);
    expect((error as Error).message).toMatch(/nope/);
  });
});

describe('opening databases', () => {
  it('creates the SQLite file\'s folder', async () => {
    const file = path.join(scratch.root(), 'nested', 'deeper', 'app.db');
    await scratch.connect({ kind: 'sqlite', file });
    expect(fs.existsSync(file)).toBe(true);
  });

  it('is E_DATABASE_UNREACHABLE when the SQLite file cannot be created', async () => {
    const blocker = path.join(scratch.root(), 'a-file');
    fs.writeFileSync(blocker, '');
    const error = await rejection(openDatabase({ kind: 'sqlite', file: path.join(blocker, 'app.db') }));
    expect((error as StackctlError).code).toBe('E_DATABASE_UNREACHABLE');
    expect((error as StackctlError).message).toContain(path.join(blocker, 'app.db'));
  });

  it('is E_DATABASE_UNREACHABLE with a hint to check the server when nothing listens', async () => {
    const port = await freePort();
    const error = await rejection(openDatabase(parseDatabaseUrl(`postgres://postgres@127.0.0.1:${port}/app`, '/')));
    expect((error as StackctlError).code).toBe('E_DATABASE_UNREACHABLE');
    expect((error as StackctlError).message).toContain(`cannot connect to PostgreSQL database app at 127.0.0.1:${port}`);
    expect((error as StackctlError).hint).toContain('stackctl status');
  });

  it('suggests creating a database that does not exist', async () => {
    const url = `postgres://postgres@127.0.0.1:${scratch.postgres().port}/no_such_db`;
    const error = await rejection(openDatabase(parseDatabaseUrl(url, '/')));
    expect((error as StackctlError).code).toBe('E_DATABASE_UNREACHABLE');
    expect((error as StackctlError).hint).toContain('createdb -h 127.0.0.1 no_such_db');
  });

  it('reports a connection the server dropped as E_DATABASE_UNREACHABLE', async () => {
    const { target, driver } = await scratch.open('postgres');
    const [row] = await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const admin = new pg.Client({ connectionString: scratch.postgres().url });
    await admin.connect();
    try {
      await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
      // Gone on the server's side before the next query. Whichever way the client learns of it —
      // the FATAL 57P01 as the answer to that query, an 'error' event before it, or a closed
      // socket — the answer is the same.
      await until(async () => (await admin.query('SELECT 1 FROM pg_stat_activity WHERE pid = $1', [row?.pid])).rowCount === 0, 'the terminated backend to be gone');
    } finally {
      await admin.end();
    }
    const error = await rejection(driver.query('SELECT 1'));
    expect((error as StackctlError).code).toBe('E_DATABASE_UNREACHABLE');
    expect((error as StackctlError).message).toContain(target.kind === 'postgres' ? target.address : '');
  });

  it('reports a query the server terminated while it ran (57P01) as E_DATABASE_UNREACHABLE, and so every later call', async () => {
    const { target, driver } = await scratch.open('postgres');
    const [row] = await driver.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
    const sleeping = rejection(driver.query('SELECT pg_sleep(2)'));
    const admin = new pg.Client({ connectionString: scratch.postgres().url });
    await admin.connect();
    try {
      // Terminated only once it is really inside pg_sleep, so the FATAL is the running query's answer.
      await until(
        async () =>
          (await admin.query("SELECT 1 FROM pg_stat_activity WHERE pid = $1 AND state = 'active' AND query LIKE '%pg_sleep%'", [row?.pid])).rowCount === 1,
        'the query to be running',
      );
      const started = Date.now();
      await admin.query('SELECT pg_terminate_backend($1)', [row?.pid]);
      const error = (await sleeping) as StackctlError;
      expect(Date.now() - started).toBeLessThan(1500);
      expect(error).toBeInstanceOf(StackctlError);
      expect(error.code).toBe('E_DATABASE_UNREACHABLE');
      expect(error.message).toContain(target.kind === 'postgres' ? target.address : '');
      expect(error.message).toMatch(/terminating connection due to administrator command/);
      expect(error.hint).toMatch(/SQLSTATE 57P01/);
      expect((error.cause as { code?: string }).code).toBe('57P01');
    } finally {
      await admin.end();
    }
    expect(((await rejection(driver.query('SELECT 1'))) as StackctlError).code).toBe('E_DATABASE_UNREACHABLE');
    expect(((await rejection(driver.transaction(() => driver.query('SELECT 1')))) as StackctlError).code).toBe('E_DATABASE_UNREACHABLE');
  });

  it('passes a cancelled statement (57014) through as the server said it: the connection still works', async () => {
    const { driver } = await scratch.open('postgres');
    await driver.exec("SET statement_timeout = '50ms'");
    const error = await rejection(driver.query('SELECT pg_sleep(1)'));
    expect(error).toBeInstanceOf(pg.DatabaseError);
    expect((error as pg.DatabaseError).code).toBe('57014');
    await driver.exec('SET statement_timeout = 0');
    expect(await driver.query('SELECT 1 AS one')).toEqual([{ one: 1 }]);
  });
});

/** Polls an async condition every 20 ms; fails naming it after 10 s. */
async function until(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
