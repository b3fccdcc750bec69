// The database check against real databases: SQLite pending / applied / changed / missing migrations, PostgreSQL down or silent.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { migrate, openDatabase, readMigrations } from '../../../src/project/db/index.js';
import { freePort } from '../../helpers/free-port.js';
import { doctor, findingWith, findings, project, useDoctorCleanup } from './doctor-project.js';

useDoctorCleanup();

const servers: net.Server[] = [];
const sockets = new Set<net.Socket>();
afterEach(async () => {
  for (const socket of sockets) socket.destroy();
  sockets.clear();
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

const MIGRATIONS = {
  'migrations/0001_create_todos.sql': '-- up\nCREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT);\n-- down\nDROP TABLE todos;\n',
  'migrations/0002_add_done.sql': '-- up\nALTER TABLE todos ADD COLUMN done INTEGER;\n',
};

const SQLITE_CONFIG = 'database:\n  url: sqlite:./data/app.db\nservices:\n  api:\n    command: node server.js\n';

describe('database check', () => {
  it('SQLite: warns about pending migrations, is fine once applied, fails for a changed or missing one', async () => {
    const root = project({ 'stackctl.yaml': SQLITE_CONFIG, 'data/': '', ...MIGRATIONS });
    const file = path.join(root, 'data', 'app.db');
    new Database(file).close();

    const pending = findings(await doctor(root, { checks: ['database'] }), 'database');
    expect(pending).toEqual([
      expect.objectContaining({
        status: 'warn',
        message: '2 migrations pending on SQLite data/app.db: 0001_create_todos and 0002_add_done',
        fix: '`stackctl db migrate` applies them',
      }),
    ]);

    const driver = await openDatabase({ kind: 'sqlite', file });
    try {
      await migrate(driver, readMigrations(path.join(root, 'migrations')));
    } finally {
      await driver.close();
    }
    expect(findings(await doctor(root, { checks: ['database'] }), 'database')).toEqual([
      expect.objectContaining({ status: 'ok', message: 'SQLite data/app.db answers; 2 migrations applied' }),
    ]);

    fs.appendFileSync(path.join(root, 'migrations', '0001_create_todos.sql'), '-- edited after it was applied\n');
    fs.rmSync(path.join(root, 'migrations', '0002_add_done.sql'));
    const broken = await doctor(root, { checks: ['database'] });
    expect(findingWith(broken, 'database', 'changed')).toMatchObject({ status: 'fail', message: '1 applied migration changed since applied: 0001_create_todos' });
    expect(findingWith(broken, 'database', 'missing')).toMatchObject({ status: 'fail', message: '1 applied migration missing from migrations: 0002_add_done' });
  });

  it('SQLite: a database file that does not exist yet is a warning, and the doctor does not create it', async () => {
    const root = project({ 'stackctl.yaml': SQLITE_CONFIG, ...MIGRATIONS });
    expect(findings(await doctor(root, { checks: ['database'] }), 'database')).toEqual([
      expect.objectContaining({ status: 'warn', message: 'SQLite data/app.db does not exist yet', fix: '`stackctl db migrate` creates it' }),
    ]);
    expect(fs.existsSync(path.join(root, 'data'))).toBe(false);
  });

  it('PostgreSQL: fails when nothing listens, naming the service that declares the port', async () => {
    const port = await freePort();
    const root = project({
      'stackctl.yaml': `database:\n  url: postgres://app:secret@127.0.0.1:${port}/app\nservices:\n  db:\n    command: postgres -p ${port}\n    port: ${port}\n`,
    });
    const [entry] = findings(await doctor(root, { checks: ['database'] }), 'database');
    expect(entry?.status).toBe('fail');
    expect(entry?.message).toMatch(new RegExp(`^cannot reach PostgreSQL at 127\\.0\\.0\\.1:${port}/app: `));
    expect(entry?.message).not.toContain('secret');
    expect(entry?.fix).toBe(`\`stackctl start db\` starts it (it declares port ${port}), or check database.url`);
  });

  it('PostgreSQL: a server that accepts but never answers fails within the time limit', async () => {
    const server = net.createServer((socket) => sockets.add(socket));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    const root = project({ 'stackctl.yaml': `database:\n  url: postgres://app@127.0.0.1:${port}/app\nservices:\n  api:\n    command: node server.js\n` });
    const started = Date.now();
    const [entry] = findings(await doctor(root, { checks: ['database'], databaseTimeoutMs: 400 }), 'database');
    expect(Date.now() - started).toBeLessThan(3000);
    expect(entry).toMatchObject({ status: 'fail', message: 'the database did not answer within 0.4s', fix: 'check that the server runs and database.url points at it' });
    expect(sockets.size).toBe(1);
  });

  it('fails when database.url names a variable that is not set; is fine without a database', async () => {
    const root = project({ 'stackctl.yaml': 'database:\n  url: ${DOCTOR_TEST_UNSET_URL}\nservices:\n  api:\n    command: node server.js\n' });
    const [entry] = findings(await doctor(root, { checks: ['database'], env: { PATH: process.env.PATH } }), 'database');
    expect(entry?.status).toBe('fail');
    expect(entry?.message).toContain('DOCTOR_TEST_UNSET_URL');

    const none = project({ 'stackctl.yaml': 'services:\n  api:\n    command: node server.js\n' });
    expect(findings(await doctor(none, { checks: ['database'] }), 'database')).toEqual([expect.objectContaining({ status: 'ok', message: 'no database: in the config' })]);
  });
});
