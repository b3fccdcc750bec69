// The migration lock against real SQLite and PostgreSQL: two real processes apply each migration once; a held lock times out.
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { StackctlError } from '../../../src/errors/index.js';
import { HISTORY_TABLE, LOCK_TABLE, migrate, readMigrations, type DatabaseTarget } from '../../../src/project/db/index.js';
import { withMigrationLock } from '../../../src/project/db/migration-lock.js';
import { expectPidsGone, killSurvivors } from '../../helpers/pids.js';
import { BACKENDS, useDbScratch, type Backend } from './db-scratch.js';

const scratch = useDbScratch();
const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'fixtures', 'migrate-child.ts');
const JITI = path.join(path.dirname(createRequire(import.meta.url).resolve('jiti/package.json')), 'lib', 'jiti-cli.mjs');
const spawned: number[] = [];

afterEach(async () => {
  killSurvivors(spawned);
  await expectPidsGone(spawned.splice(0));
});

/** Slow enough (~0.2 s per migration) that the two runs overlap; each migration logs its execution in `runs`. */
function slowMigrations(kind: Backend): Record<string, string> {
  const pause =
    kind === 'postgres'
      ? 'SELECT pg_sleep(0.2);'
      : 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c WHERE x < 200000) SELECT count(*) FROM c;';
  return {
    '0001_runs.sql': `CREATE TABLE runs (version TEXT NOT NULL);\nINSERT INTO runs VALUES ('0001');\n${pause}\n`,
    '0002_a.sql': `CREATE TABLE a (id INTEGER);\nINSERT INTO runs VALUES ('0002');\n${pause}\n`,
    '0003_b.sql': `CREATE TABLE b (id INTEGER);\nINSERT INTO runs VALUES ('0003');\n${pause}\n`,
  };
}

function urlOf(target: DatabaseTarget): string {
  return target.kind === 'sqlite' ? `sqlite://${target.file}` : target.url;
}

interface Child {
  readonly process: ChildProcess;
  readonly ready: Promise<void>;
  readonly result: Promise<{ applied?: string[]; error?: string; message?: string }>;
}

function startChild(url: string, dir: string): Child {
  const child = spawn(process.execPath, [JITI, CHILD, url, dir], { stdio: ['pipe', 'pipe', 'pipe'] });
  if (child.pid !== undefined) spawned.push(child.pid);
  let out = '';
  let err = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    markReady = resolve;
  });
  child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
    out += chunk;
    if (out.includes('ready\n')) markReady();
  });
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
    err += chunk;
  });
  const result = new Promise<Child['result'] extends Promise<infer R> ? R : never>((resolve, reject) => {
    child.on('exit', (code) => {
      const line = out.split('\n').find((text) => text.startsWith('{'));
      if (code === 0 && line !== undefined) resolve(JSON.parse(line) as never);
      else reject(new Error(`migrate child exited with ${code}\n--- stdout ---\n${out}\n--- stderr ---\n${err}`));
    });
  });
  return { process: child, ready: Promise.race([ready, result.then(() => undefined)]), result };
}

describe.each(BACKENDS)('migration lock on %s', (kind) => {
  it('lets two concurrent processes apply each migration exactly once', async () => {
    const { target, driver } = await scratch.open(kind);
    const dir = scratch.folder(slowMigrations(kind));
    const children = [startChild(urlOf(target), dir), startChild(urlOf(target), dir)];
    await Promise.all(children.map((child) => child.ready));
    // Both are connected and waiting: release them together.
    for (const child of children) child.process.stdin?.write('go\n');
    const results = await Promise.all(children.map((child) => child.result));
    expect(results.map((result) => result.error)).toEqual([undefined, undefined]);
    const applied = results.flatMap((result) => result.applied ?? []).sort();
    expect(applied).toEqual(['0001', '0002', '0003']);
    expect(await driver.query<{ version: string }>('SELECT version FROM runs ORDER BY version')).toEqual([
      { version: '0001' }, { version: '0002' }, { version: '0003' },
    ]);
    expect(await driver.query(`SELECT version FROM ${HISTORY_TABLE}`)).toHaveLength(3);
    await expectPidsGone(children.flatMap((child) => child.process.pid ?? []));
  });

  it('gives up with E_MIGRATION_LOCKED naming the holder when another connection keeps the lock', async () => {
    const { target, driver } = await scratch.open(kind);
    const holder = await scratch.connect(target);
    const dir = scratch.folder({ '0001_t.sql': 'CREATE TABLE t (id INTEGER);\n' });
    const error = await withMigrationLock(holder, {}, () => migrate(driver, readMigrations(dir), { lockTimeoutMs: 300 }).catch((failure: unknown) => failure));
    expect(error).toBeInstanceOf(StackctlError);
    expect((error as StackctlError).code).toBe('E_MIGRATION_LOCKED');
    expect((error as StackctlError).message).toMatch(new RegExp(`^another migration run holds the lock \\(stackctl.*pid ${process.pid}.*\\); gave up after 300ms$`));
    expect(await driver.tableExists('t')).toBe(false);
    // Released with its holder: the next run goes through.
    expect((await migrate(driver, readMigrations(dir), { lockTimeoutMs: 300 })).map((migration) => migration.version)).toEqual(['0001']);
  });
});

describe('migration lock on sqlite, left behind', () => {
  it('takes over a lock row whose process is gone', async () => {
    const { driver } = await scratch.open('sqlite');
    const gone = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    const pid = gone.pid ?? 0;
    spawned.push(pid);
    await new Promise((resolve) => gone.once('exit', resolve));
    await expectPidsGone([pid]);
    await withMigrationLock(driver, {}, async () => undefined);
    await driver.query(`INSERT INTO ${LOCK_TABLE} (id, token, pid, host, acquired_at) VALUES (1, 'crashed', ?, ?, ?)`, [
      pid, os.hostname(), new Date().toISOString(),
    ]);
    const dir = scratch.folder({ '0001_t.sql': 'CREATE TABLE t (id INTEGER);\n' });
    expect((await migrate(driver, readMigrations(dir), { lockTimeoutMs: 2_000 })).map((migration) => migration.version)).toEqual(['0001']);
    expect(await driver.query(`SELECT * FROM ${LOCK_TABLE}`)).toEqual([]);
  });
});
