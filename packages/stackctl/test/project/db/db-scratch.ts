// Per-file test scaffolding for the database core: one real PostgreSQL, fresh databases and migration folders per test.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { openDatabase, parseDatabaseUrl, type DatabaseDriver, type DatabaseTarget } from '../../../src/project/db/index.js';
import { startPostgres, type PostgresServer } from '../../helpers/postgres-server.js';

export const BACKENDS = ['sqlite', 'postgres'] as const;
export type Backend = (typeof BACKENDS)[number];

export interface DbScratch {
  /** A temporary folder for this file, removed afterwards. */
  root(): string;
  postgres(): PostgresServer;
  /** A new empty database of that kind. */
  target(kind: Backend): Promise<DatabaseTarget>;
  /** A connection (closed after the test). */
  connect(target: DatabaseTarget): Promise<DatabaseDriver>;
  /** A new empty database and a connection to it. */
  open(kind: Backend): Promise<{ readonly target: DatabaseTarget; readonly driver: DatabaseDriver }>;
  /** A new migrations folder holding `files` (name → content). */
  folder(files: Readonly<Record<string, string>>): string;
}

/** Registers the hooks: PostgreSQL starts once for the file (it takes a second or two), databases are made per test. */
export function useDbScratch(): DbScratch {
  let server: PostgresServer | null = null;
  let base = '';
  let counter = 0;
  const open: DatabaseDriver[] = [];
  beforeAll(async () => {
    base = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-db-'));
    server = await startPostgres();
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((driver) => driver.close()));
  });
  afterAll(async () => {
    try {
      await server?.stop();
    } finally {
      if (base !== '') fs.rmSync(base, { recursive: true, force: true });
    }
  });
  const scratch: DbScratch = {
    root: () => base,
    postgres: () => {
      if (server === null) throw new Error('PostgreSQL did not start (see the beforeAll error)');
      return server;
    },
    async target(kind) {
      counter += 1;
      if (kind === 'sqlite') return { kind: 'sqlite', file: path.join(base, `db-${counter}`, 'app.db') };
      // A schema per test (first on the search_path) is as empty as a new database, and ten times quicker to make.
      const server = scratch.postgres();
      const admin = await openDatabase(parseDatabaseUrl(server.url, base));
      try {
        await admin.exec(`CREATE SCHEMA t${counter}`);
      } finally {
        await admin.close();
      }
      return parseDatabaseUrl(`${server.url}?options=${encodeURIComponent(`-c search_path=t${counter}`)}`, base);
    },
    async connect(target) {
      const driver = await openDatabase(target);
      open.push(driver);
      return driver;
    },
    async open(kind) {
      const target = await scratch.target(kind);
      return { target, driver: await scratch.connect(target) };
    },
    folder(files) {
      counter += 1;
      const dir = path.join(base, `migrations-${counter}`);
      fs.mkdirSync(dir, { recursive: true });
      for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
      return dir;
    },
  };
  return scratch;
}

/** Three migrations where each depends on the one before (so order matters), all reversible. */
export const THREE_MIGRATIONS = {
  '0001_create_authors.sql': '-- up\nCREATE TABLE authors (id INTEGER PRIMARY KEY, name TEXT NOT NULL);\n-- down\nDROP TABLE authors;\n',
  '0002_create_books.sql':
    '-- up\nCREATE TABLE books (id INTEGER PRIMARY KEY, author_id INTEGER REFERENCES authors (id));\n-- down\nDROP TABLE books;\n',
  '0003_seed_authors.sql': "-- up\nINSERT INTO authors (id, name) VALUES (1, 'Ada');\n-- down\nDELETE FROM authors WHERE id = 1;\n",
} as const;
