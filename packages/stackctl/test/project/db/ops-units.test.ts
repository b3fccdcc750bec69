// Pure parts of the database operations: backup names, file formats, and PostgreSQL URLs without their passwords.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { backupFormat, backupStamp, pgConnection, redactedUrl, targetLabel } from '../../../src/project/db/ops/index.js';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('backup names and formats', () => {
  it('stamps local time as YYYYMMDD-HHMMSS', () => {
    expect(backupStamp(new Date(2024, 0, 2, 3, 4, 5))).toBe('20240102-030405');
    expect(backupStamp(new Date(2031, 11, 31, 23, 59, 59))).toBe('20311231-235959');
  });

  it('tells SQLite files, pg_dump archives and SQL text apart by their first bytes', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-format-'));
    dirs.push(dir);
    const write = (name: string, content: string | Buffer): string => {
      writeFileSync(path.join(dir, name), content);
      return path.join(dir, name);
    };
    expect(backupFormat(write('a.sqlite', Buffer.concat([Buffer.from('SQLite format 3\0', 'latin1'), Buffer.alloc(84)])))).toBe('sqlite');
    expect(backupFormat(write('b.dump', 'PGDMP\x01\x0e\x00'))).toBe('custom');
    expect(backupFormat(write('c.sql', '--\n-- PostgreSQL database dump\n'))).toBe('sql');
    expect(backupFormat(write('d.sql', ''))).toBe('sql');
    expect(backupFormat(write('e.db', 'SQLite format'))).toBe('sql');
  });
});

describe('PostgreSQL URLs', () => {
  it('moves the password into PGPASSWORD (decoded) and keeps everything else', () => {
    expect(pgConnection('postgres://app:p%40ss%2Fw@127.0.0.1:5433/app?sslmode=disable', { PATH: '/bin' })).toEqual({
      url: 'postgres://app@127.0.0.1:5433/app?sslmode=disable',
      env: { PATH: '/bin', PGPASSWORD: 'p@ss/w' },
    });
    expect(pgConnection('postgres://app@127.0.0.1/app', {})).toEqual({ url: 'postgres://app@127.0.0.1/app', env: {} });
  });

  it('never shows a password', () => {
    expect(redactedUrl('postgres://app:secret@db:5432/app')).toBe('postgres://app:***@db:5432/app');
    expect(targetLabel({ kind: 'postgres', url: 'postgresql://app:secret@db:5432/app', database: 'app', address: 'db:5432' })).toBe('postgresql://app@db:5432/app');
    expect(targetLabel({ kind: 'sqlite', file: '/srv/app.db' })).toBe('sqlite:/srv/app.db');
  });
});
