// One migration run at a time per database: a PostgreSQL advisory lock, or a SQLite lock row whose holder's pid is checked.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { StackctlError } from '../../errors/index.js';
import type { DatabaseDriver } from './database-types.js';

/** How long a run waits for another run's lock before E_MIGRATION_LOCKED. */
export const DEFAULT_LOCK_TIMEOUT_MS = 60_000;
const POLL_MS = 100;

/** The advisory lock's two keys: 'stkc' and 1 (pg_locks shows them as classid / objid with objsubid 2). */
const ADVISORY_KEYS = [0x73746b63, 1] as const;
export const LOCK_TABLE = 'stackctl_migrations_lock';

export interface LockOptions {
  readonly timeoutMs?: number;
}

/** Runs `work` while holding the database's migration lock; the lock is released afterwards, even on failure. */
export async function withMigrationLock<T>(driver: DatabaseDriver, options: LockOptions, work: () => Promise<T>): Promise<T> {
  const lock = driver.kind === 'postgres' ? postgresLock(driver) : sqliteLock(driver);
  await acquire(lock, options.timeoutMs ?? DEFAULT_LOCK_TIMEOUT_MS);
  try {
    return await work();
  } finally {
    await lock.release();
  }
}

interface Lock {
  /** Takes the lock if it is free (or stale); true when taken. */
  tryAcquire(): Promise<boolean>;
  /** Who holds it, for the message, when knowable. */
  holder(): Promise<string | null>;
  release(): Promise<void>;
  /** How to get past a lock that is held too long. */
  readonly hint: string;
}

function waited(ms: number): string {
  return ms < 1_000 ? `${ms}ms` : `${Math.round(ms / 1_000)}s`;
}

async function acquire(lock: Lock, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await lock.tryAcquire()) return;
    if (Date.now() >= deadline) break;
    await new Promise((resolve) => setTimeout(resolve, Math.min(POLL_MS, Math.max(1, deadline - Date.now()))));
  }
  const holder = await lock.holder().catch(() => null);
  throw new StackctlError(
    'E_MIGRATION_LOCKED',
    `another migration run holds the lock${holder === null ? '' : ` (${holder})`}; gave up after ${waited(timeoutMs)}`,
    { hint: lock.hint },
  );
}

function postgresLock(driver: DatabaseDriver): Lock {
  const [classid, objid] = ADVISORY_KEYS;
  return {
    hint: 'wait for that run to finish (or stop it), then run again; the lock goes with its connection',
    async tryAcquire() {
      const rows = await driver.query<{ locked: boolean }>('SELECT pg_try_advisory_lock(?::int, ?::int) AS locked', [classid, objid]);
      return rows[0]?.locked === true;
    },
    async holder() {
      const rows = await driver.query<{ pid: number; application_name: string; client_addr: string | null; since: string }>(
        `SELECT a.pid, a.application_name, a.client_addr::text AS client_addr, to_char(a.backend_start, 'YYYY-MM-DD HH24:MI:SS') AS since
           FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
          WHERE l.locktype = 'advisory' AND l.granted AND l.classid = ?::oid AND l.objid = ?::oid AND l.objsubid = 2`,
        [classid, objid],
      );
      const row = rows[0];
      if (row === undefined) return null;
      const who = row.application_name === '' ? 'a session' : row.application_name;
      return `${who}, server backend ${row.pid}${row.client_addr === null ? '' : ` from ${row.client_addr}`}, connected since ${row.since}`;
    },
    async release() {
      await driver.query('SELECT pg_advisory_unlock(?::int, ?::int)', [classid, objid]).catch(() => undefined);
    },
  };
}

/** Whether a process with this pid exists on this machine (EPERM: it exists, owned by someone else). */
function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface LockRow extends Record<string, unknown> {
  readonly token: string;
  readonly pid: number;
  readonly host: string;
  readonly acquired_at: string;
}

/**
 * A single row (id 1) in stackctl_migrations_lock. Each step is one autocommit statement, so SQLite's own write lock
 * makes taking it atomic; a row whose pid no longer exists on this host is stale and is taken over.
 */
function sqliteLock(driver: DatabaseDriver): Lock {
  const token = randomUUID();
  const host = os.hostname();
  let created = false;
  const current = async () => (await driver.query<LockRow>(`SELECT token, pid, host, acquired_at FROM ${LOCK_TABLE} WHERE id = 1`))[0];
  return {
    hint: `wait for that run to finish (or stop it); if none is running, remove the lock: DELETE FROM ${LOCK_TABLE}`,
    async tryAcquire() {
      try {
        if (!created) {
          await driver.exec(
            `CREATE TABLE IF NOT EXISTS ${LOCK_TABLE} (id INTEGER PRIMARY KEY CHECK (id = 1), token TEXT NOT NULL, pid INTEGER NOT NULL, host TEXT NOT NULL, acquired_at TEXT NOT NULL)`,
          );
          created = true;
        }
        await driver.query(`INSERT INTO ${LOCK_TABLE} (id, token, pid, host, acquired_at) VALUES (1, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING`, [
          token,
          process.pid,
          host,
          new Date().toISOString(),
        ]);
        const row = await current();
        if (row?.token === token) return true;
        if (row !== undefined && row.host === host && !processExists(Number(row.pid))) {
          await driver.query(`DELETE FROM ${LOCK_TABLE} WHERE id = 1 AND token = ?`, [row.token]);
        }
        return false;
      } catch (error) {
        // Another connection is writing (SQLITE_BUSY after the busy timeout): try again on the next poll.
        if ((error as { code?: unknown }).code === 'SQLITE_BUSY') return false;
        throw error;
      }
    },
    async holder() {
      const row = await current();
      return row === undefined ? null : `stackctl pid ${row.pid} on ${row.host}, since ${row.acquired_at}`;
    },
    async release() {
      await driver.query(`DELETE FROM ${LOCK_TABLE} WHERE id = 1 AND token = ?`, [token]).catch(() => undefined);
    },
  };
}
