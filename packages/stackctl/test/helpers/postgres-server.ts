// Starts a real, throw-away PostgreSQL server on a loopback ephemeral port for a test file, and stops it (PIDs checked gone).
import { execFile, execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './free-port.js';
import { expectPidsGone, killSurvivors } from './pids.js';

const run = promisify(execFile);
const INSTALL = 'install postgresql: apt-get install postgresql';
const SERVER_USER = 'postgres';

export interface PostgresServer {
  /** URL of the database created for the test (user postgres, trust auth). */
  readonly url: string;
  readonly port: number;
  /** PID of the postmaster. */
  readonly pid: number;
  /** Creates another empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Fast shutdown (SIGINT), SIGKILL after a timeout; asserts the server and its children are gone; removes the data. */
  stop(): Promise<void>;
}

/** The folder of initdb and postgres: the highest /usr/lib/postgresql/<version>/bin, else `pg_config --bindir`. */
export function findPostgresBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((name) => /^\d+(\.\d+)?$/.test(name)).sort((a, b) => Number(b) - Number(a))
    : [];
  const candidates = versions.map((version) => path.join(root, version, 'bin'));
  try {
    candidates.push(execFileSync('pg_config', ['--bindir'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
  } catch {
    // no pg_config: only the Debian layout is left
  }
  const found = candidates.find((dir) => fs.existsSync(path.join(dir, 'initdb')) && fs.existsSync(path.join(dir, 'postgres')));
  if (found === undefined) throw new Error(`PostgreSQL server binaries (initdb, postgres) not found in /usr/lib/postgresql/*/bin or pg_config --bindir: ${INSTALL}`);
  return found;
}

/** PostgreSQL refuses to run as root: as root, commands run as the postgres user (setpriv execs, so the PID is the server's). */
function asServerUser(argv: readonly string[]): string[] {
  if (process.getuid?.() !== 0) return [...argv];
  return ['setpriv', `--reuid=${SERVER_USER}`, `--regid=${SERVER_USER}`, '--init-groups', '--', ...argv];
}

function serverUserIds(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null;
  try {
    const uid = Number(execFileSync('id', ['-u', SERVER_USER], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', SERVER_USER], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    throw new Error(`running as root needs the "${SERVER_USER}" OS user to start PostgreSQL: ${INSTALL}`);
  }
}

/** Direct children of `pid` (the postmaster's background workers), from /proc. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, 'latin1');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // exited while listing
    }
  }
  return children;
}

async function waitUntilAccepting(port: number, server: ChildProcess, log: () => string): Promise<void> {
  const deadline = Date.now() + 20_000;
  let lastError: unknown = null;
  while (Date.now() < deadline) {
    if (server.exitCode !== null || server.signalCode !== null) throw new Error(`postgres exited during start-up:\n${log()}`);
    const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres', connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      lastError = error;
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  throw new Error(`postgres did not accept connections within 20s (${String(lastError)}):\n${log()}`);
}

async function adminQuery(port: number, sql: string): Promise<void> {
  const client = new pg.Client({ host: '127.0.0.1', port, user: 'postgres', database: 'postgres' });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export async function startPostgres(): Promise<PostgresServer> {
  if (process.platform !== 'linux') throw new Error('the PostgreSQL test server helper supports Linux only');
  const bin = findPostgresBinaries();
  const ids = serverUserIds();
  const base = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-pg-'));
  const data = path.join(base, 'data');
  const sockets = path.join(base, 'sockets');
  fs.mkdirSync(data, { mode: 0o700 });
  fs.mkdirSync(sockets, { mode: 0o700 });
  // mkdtemp makes 0700 folders owned by us: hand them to the server's user.
  if (ids !== null) for (const dir of [base, data, sockets]) fs.chownSync(dir, ids.uid, ids.gid);
  let server: ChildProcess | null = null;
  try {
    const initdb = asServerUser([path.join(bin, 'initdb'), '-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']);
    await run(initdb[0] ?? '', initdb.slice(1), { cwd: base }).catch((error: { stderr?: string; message: string }) => {
      throw new Error(`initdb failed: ${error.stderr ?? error.message}`);
    });
    const port = await freePort();
    const argv = asServerUser([
      path.join(bin, 'postgres'), '-D', data, '-h', '127.0.0.1', '-p', String(port), '-k', sockets, '-F',
      '-c', 'fsync=off', '-c', 'full_page_writes=off', '-c', 'synchronous_commit=off', '-c', 'max_connections=30',
      '-c', 'shared_buffers=16MB', '-c', 'logging_collector=off',
    ]);
    let log = '';
    const started = spawn(argv[0] ?? '', argv.slice(1), { cwd: base, stdio: ['ignore', 'ignore', 'pipe'] });
    server = started;
    started.stderr?.setEncoding('utf8').on('data', (chunk: string) => {
      log = (log + chunk).slice(-8_000);
    });
    const exited = new Promise<void>((resolve) => started.once('exit', () => resolve()));
    const pid = started.pid;
    if (pid === undefined) throw new Error(`cannot start ${argv.join(' ')}`);
    await waitUntilAccepting(port, started, () => log);
    await adminQuery(port, 'CREATE DATABASE stackctl_test');
    const urlOf = (name: string) => `postgres://postgres@127.0.0.1:${port}/${name}`;
    return {
      url: urlOf('stackctl_test'),
      port,
      pid,
      async createDatabase(name) {
        await adminQuery(port, `CREATE DATABASE "${name.replace(/"/g, '""')}"`);
        return urlOf(name);
      },
      async stop() {
        const family = [pid, ...childrenOf(pid)];
        started.kill('SIGINT');
        let timer: NodeJS.Timeout | undefined;
        const timedOut = await Promise.race([
          exited.then(() => false),
          new Promise<boolean>((resolve) => {
            timer = setTimeout(() => resolve(true), 10_000);
          }),
        ]);
        clearTimeout(timer);
        if (timedOut) killSurvivors(family);
        try {
          await expectPidsGone(family);
        } finally {
          fs.rmSync(base, { recursive: true, force: true });
        }
      },
    };
  } catch (error) {
    if (server?.pid !== undefined) {
      const family = [server.pid, ...childrenOf(server.pid)];
      killSurvivors(family);
      await expectPidsGone(family).catch(() => undefined);
    }
    fs.rmSync(base, { recursive: true, force: true });
    throw error;
  }
}
