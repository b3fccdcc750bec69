// The one-host-per-project lock held by the daemon (and by `up`) for its whole life; no other user can take it.
import { closeSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { StackctlError, fileSystemError } from '../errors/index.js';
import { abstractSocketHolders } from '../system/abstract-socket-holders.js';
import { ensurePrivateDir } from '../system/private-files.js';
import { checkFingerprint, takeFingerprint, type ProcessFingerprint, type ProcessTable } from '../system/process-table/index.js';
import { addLockKey, currentLockKey, lockKeys, removeLockKeys, type LockKey } from './lock-keys.js';

export interface InstanceLock {
  /** `abstract-socket` on Linux, `lock-file` elsewhere. */
  readonly kind: 'abstract-socket' | 'lock-file';
  /** Lets the next host take the lock. Safe to call twice; dying releases it too. */
  release(): Promise<void>;
}

export interface InstanceLockOptions {
  readonly projectRoot: string;
  /**
   * `.stackctl/daemon.lock`: the lock file used where abstract sockets do not exist. Its folder (the
   * private state folder, made 0700 here if it is not) also holds the keys of the Linux lock.
   */
  readonly lockFile: string;
  /** Default: this OS. Tests pass another one to exercise the lock file on Linux. */
  readonly platform?: NodeJS.Platform;
  /** For the lock file's fingerprint; without one the file holds the pid only. */
  readonly processTable?: ProcessTable;
}

/**
 * Resolves with the lock, or null when another live process of this user holds it (then that one
 * serves the project).
 *
 * Linux: binds the abstract Unix socket `\0stackctl-<24 hex digest of the real project root>-<n>-<key>`.
 * Binding is atomic and the kernel frees the name when the holder dies however it dies, so there is
 * no stale lock to clean up; the socket is close-on-exec, so services never inherit it. Abstract
 * names are open to every user of the machine, though, so the name carries a secret: key `n` of
 * `.stackctl/lock-keys/` (files 0600 in folders 0700, see lock-keys.ts), which no other user can read,
 * so none can bind the name before us. A bound name is listed in /proc/net/unix for all to see, and
 * once we let go someone may squat it; so a name found taken is checked: held by one of this uid's
 * processes (its socket inode among their /proc/<pid>/fd), it is our lock and we lost the race; held
 * by anyone else, we move to key n+1 (created once, never rewritten, so racing starters agree on it)
 * and try again. After binding, the holder makes sure no newer key appeared meanwhile and that no
 * process of ours holds the name of another key (a starter that moved on while a slower one took the
 * older name): otherwise it lets go and reports the lock as held. Why not a path socket or a lock
 * file inside the private folder: those outlive a killed holder, and removing a stale one races
 * with a starter that just created a fresh one. (The name lives in the network namespace: two
 * containers sharing one project folder do not see each other's lock; a holder in another PID
 * namespace, or one whose /proc/<pid>/fd cannot be read, such as a non-dumpable process, looks like a
 * stranger's.)
 *
 * Elsewhere: creates the lock file with O_EXCL in the private folder, holding the holder's pid
 * fingerprint. When the file exists and its fingerprint is dead (gone, or the pid was reused), it is
 * removed and the create retried once. Known race: two processes that both find the same dead lock
 * at the same moment may both remove it; the slower one may remove the faster one's fresh lock and
 * both then hold it. This needs a crash of the previous holder followed by two starts within
 * microseconds.
 */
export async function acquireInstanceLock(options: InstanceLockOptions): Promise<InstanceLock | null> {
  const platform = options.platform ?? process.platform;
  const stateDir = path.dirname(options.lockFile);
  try {
    ensurePrivateDir(stateDir);
  } catch (error) {
    throw fileSystemError(error, stateDir, 'create') ?? error;
  }
  if (platform === 'linux') return takeAbstractLock(options.projectRoot, path.join(stateDir, 'lock-keys'));
  return createLockFile(options.lockFile, options.processTable);
}

/** The abstract name the Linux lock has right now (with its leading NUL), making the first key if there is none. */
export function currentLockName(options: Pick<InstanceLockOptions, 'projectRoot' | 'lockFile'>): string {
  const key = currentLockKey(path.join(path.dirname(options.lockFile), 'lock-keys'));
  return `${lockNameFor(options.projectRoot)}-${key.generation}-${key.secret}`;
}

/** Rounds of bind-and-check; each extra one needs a squatted name or a racing starter. */
const MAX_ROUNDS = 8;

async function takeAbstractLock(projectRoot: string, keysDir: string): Promise<InstanceLock | null> {
  const prefix = lockNameFor(projectRoot);
  const nameOf = (key: LockKey): string => `${prefix}-${key.generation}-${key.secret}`; // as currentLockName
  const uid = process.geteuid?.() ?? 0;
  const keys = <T>(work: () => T): T => {
    try {
      return work();
    } catch (error) {
      throw fileSystemError(error, keysDir, 'write the lock key in') ?? error;
    }
  };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const key = keys(() => currentLockKey(keysDir));
    const name = nameOf(key);
    const server = await bindAbstractSocket(name);
    if (server === null) {
      const holder = (await abstractSocketHolders([name], uid)).get(name);
      if (holder === 'own') return null;
      // Someone else's (or freed meanwhile: then simply try the same name again).
      if (holder === 'other') keys(() => addLockKey(keysDir, key.generation + 1));
      continue;
    }
    const now = keys(() => currentLockKey(keysDir));
    if (now.generation !== key.generation || now.secret !== key.secret) {
      await closeServer(server);
      continue;
    }
    const older = keys(() => lockKeys(keysDir)).filter((other) => other.generation !== key.generation);
    const held = await abstractSocketHolders(older.map(nameOf), uid);
    if ([...held.values()].includes('own')) {
      await closeServer(server);
      return null;
    }
    // No process of ours holds an older name (or we would have let go): those keys are of no more use.
    keys(() => removeLockKeys(keysDir, older.filter((other) => other.generation < key.generation).map((other) => other.generation)));
    let released: Promise<void> | undefined;
    return { kind: 'abstract-socket', release: () => (released ??= closeServer(server)) };
  }
  throw new StackctlError('E_INTERNAL', `cannot take the instance lock of ${projectRoot}: its name was taken ${MAX_ROUNDS} times in a row`, {
    hint: 'another process keeps taking the lock names; check `ss -xlp | grep stackctl`',
  });
}

/**
 * `\0stackctl-<24 hex digits: a 96-bit digest of the real path of the project root>`: the public part of
 * the lock's name (it tells projects apart; the key after it is what no other user can know).
 */
export function lockNameFor(projectRoot: string): string {
  let root = projectRoot;
  try {
    root = realpathSync(projectRoot);
  } catch {
    // a root that does not exist (yet) is hashed as given
  }
  return `\0stackctl-${digest96(root)}`;
}

/*
 * Why not sha256 (node:crypto): the name only has to tell a machine's project folders apart, and
 * loading node:crypto costs the daemon ~0.7 MB of resident memory, for this one call.
 */

/** 24 hex digits: FNV-1a (32-bit) over the UTF-8 bytes, three times from different offset bases. */
function digest96(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  let hex = '';
  for (const basis of [0x811c9dc5, 0x050c5d1f, 0x6b3a9e27]) {
    let hash = basis;
    for (const byte of bytes) hash = Math.imul(hash ^ byte, 0x01000193);
    hex += (hash >>> 0).toString(16).padStart(8, '0');
  }
  return hex;
}

/** The listening server, or null when the name is taken. */
function bindAbstractSocket(name: string): Promise<net.Server | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(new StackctlError('E_INTERNAL', `cannot take the instance lock ${name.slice(1, 34)}…: ${error.message}`, { cause: error }));
    });
    server.listen(name, () => {
      server.unref();
      resolve(server);
    });
  });
}

function closeServer(server: net.Server): Promise<void> {
  return new Promise<void>((done) => server.close(() => done()));
}

interface LockFileContent {
  readonly pid: number;
  readonly fingerprint: ProcessFingerprint | null;
}

function createLockFile(file: string, table: ProcessTable | undefined): InstanceLock | null {
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        throw fileSystemError(error, file, 'create') ?? new StackctlError('E_INTERNAL', `cannot create the lock file ${file}`, { cause: error });
      }
      if (holderAlive(file, table)) return null;
      try {
        unlinkSync(file);
      } catch {
        // someone else removed it first: try to create it again all the same
      }
      continue;
    }
    const content: LockFileContent = { pid: process.pid, fingerprint: table === undefined ? null : takeFingerprint(table, process.pid) };
    writeSync(fd, `${JSON.stringify(content)}\n`);
    closeSync(fd);
    let released = false;
    return {
      kind: 'lock-file',
      release: async () => {
        if (released) return;
        released = true;
        if (holderAlive(file, table, process.pid)) unlinkSync(file);
      },
    };
  }
  return null;
}

/** True when the lock file names a live process (`only`: and that process is this pid). */
function holderAlive(file: string, table: ProcessTable | undefined, only?: number): boolean {
  let content: LockFileContent;
  try {
    content = JSON.parse(readFileSync(file, 'utf8')) as LockFileContent;
  } catch {
    return false; // unreadable or half-written by a holder that crashed while writing
  }
  if (typeof content.pid !== 'number' || (only !== undefined && content.pid !== only)) return false;
  if (content.fingerprint !== null && table !== undefined) {
    const verdict = checkFingerprint(table, content.fingerprint);
    return verdict === 'match' || verdict === 'command-changed';
  }
  try {
    process.kill(content.pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
