// readMigrations: file names, ordering, -- up / -- down sections, checksums, and the E_USAGE errors for bad folders.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrationChecksum, parseSections, readMigrations } from '../../../src/project/db/index.js';
import { thrownStackctlError } from '../../helpers/thrown.js';

const folders: string[] = [];
afterEach(() => {
  for (const dir of folders.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function folder(files: Readonly<Record<string, string>>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-migrations-'));
  folders.push(dir);
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), content);
  return dir;
}

describe('readMigrations', () => {
  it('sorts by the number, not the text, and ignores files that are not .sql', () => {
    const dir = folder({
      '10_ten.sql': 'SELECT 10;',
      '2-two.sql': 'SELECT 2;',
      '0001_one.sql': 'SELECT 1;',
      '20240101120000_timestamped.sql': 'SELECT 3;',
      'README.md': '# notes',
      '.gitkeep': '',
    });
    fs.mkdirSync(path.join(dir, '0005_a_folder.sql'));
    const migrations = readMigrations(dir);
    expect(migrations.map((migration) => `${migration.version}/${migration.name}`)).toEqual([
      '0001/one', '2/two', '10/ten', '20240101120000/timestamped',
    ]);
    expect(migrations[0]?.file).toBe(path.join(dir, '0001_one.sql'));
  });

  it('records a SHA-256 checksum of the content that ignores CRLF versus LF', () => {
    const dir = folder({ '0001_a.sql': 'CREATE TABLE a (id INTEGER);\r\n', '0002_b.sql': 'CREATE TABLE a (id INTEGER);\n' });
    const [a, b] = readMigrations(dir);
    expect(a?.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(a?.checksum).toBe(b?.checksum);
    expect(a?.checksum).toBe(migrationChecksum('CREATE TABLE a (id INTEGER);\n'));
    expect(migrationChecksum('SELECT 1;')).not.toBe(migrationChecksum('SELECT 2;'));
  });

  it('rejects a .sql file that is not named NNNN_name.sql, naming it', () => {
    const dir = folder({ '0001_ok.sql': '', 'create_users.sql': '' });
    const error = thrownStackctlError(() => readMigrations(dir));
    expect(error.code).toBe('E_USAGE');
    expect(error.message).toBe(`migration ${path.join(dir, 'create_users.sql')} is not named NNNN_name.sql`);
  });

  it('rejects two files with the same version, naming both', () => {
    const dir = folder({ '0002_a.sql': '', '2_b.sql': '', '0001_c.sql': '' });
    const error = thrownStackctlError(() => readMigrations(dir));
    expect(error.code).toBe('E_USAGE');
    expect(error.message).toContain(path.join(dir, '0002_a.sql'));
    expect(error.message).toContain(path.join(dir, '2_b.sql'));
  });

  it('names a missing folder and how to fix it', () => {
    const error = thrownStackctlError(() => readMigrations('/nonexistent/stackctl/migrations'));
    expect(error.code).toBe('E_USAGE');
    expect(error.message).toBe('migrations folder /nonexistent/stackctl/migrations does not exist');
    expect(error.hint).toContain('database.migrations_dir');
  });
});

describe('migration sections', () => {
  it('splits -- up and -- down, and knows the line each section starts on', () => {
    const sections = parseSections('-- a header comment\n-- up\nCREATE TABLE t (id INTEGER);\n\n-- down\nDROP TABLE t;\n', 'f.sql');
    expect(sections.up).toBe('CREATE TABLE t (id INTEGER);\n');
    expect(sections.down).toBe('DROP TABLE t;\n');
    expect(sections.upLine).toBe(3);
    expect(sections.downLine).toBe(6);
  });

  it('accepts marker spellings: --UP, extra spaces, dbmate\'s -- migrate:up / -- migrate:down', () => {
    expect(parseSections('--UP\nA;\n  --   Down  \nB;', 'f.sql')).toMatchObject({ up: 'A;', down: 'B;' });
    expect(parseSections('-- migrate:up\nA;\n-- migrate:down\nB;\n', 'f.sql')).toMatchObject({ up: 'A;', down: 'B;\n' });
  });

  it('takes the whole file as up when there are no markers, and the text before -- down when only that one is there', () => {
    expect(parseSections('CREATE TABLE t (id INTEGER);\n-- update: a comment, not a marker\n', 'f.sql')).toEqual({
      up: 'CREATE TABLE t (id INTEGER);\n-- update: a comment, not a marker\n',
      down: '',
      upLine: 1,
    });
    expect(parseSections('CREATE TABLE t (id INTEGER);\n-- down\nDROP TABLE t;', 'f.sql')).toMatchObject({ up: 'CREATE TABLE t (id INTEGER);', down: 'DROP TABLE t;' });
  });

  it('treats a blank -- down section as none, but a comment-only one as a deliberate no-op', () => {
    expect(parseSections('-- up\nA;\n-- down\n\n', 'f.sql').down).toBe('');
    expect(parseSections('-- up\nA;\n-- down\n-- nothing to undo\n', 'f.sql').down).toBe('-- nothing to undo\n');
  });

  it('rejects repeated markers, down before up, and SQL above -- up', () => {
    expect(thrownStackctlError(() => parseSections('-- up\nA;\n-- up\nB;', 'f.sql')).message).toBe('migration f.sql has more than one -- up line');
    expect(thrownStackctlError(() => parseSections('-- down\nB;\n-- up\nA;', 'f.sql')).message).toBe('migration f.sql has its -- down section before -- up');
    expect(thrownStackctlError(() => parseSections('SELECT 1;\n-- up\nA;', 'f.sql')).code).toBe('E_USAGE');
  });
});
