// The one-host-per-project lock held by the daemon (and by `up`) for its whole life.
import { closeSync, openSync, readFileSync, realpathSync, unlinkSync, writeSync } from 'node:fs';
import net from 'node:net';
import { StackctlError } from '../errors/index.js';
import { checkFingerprint, takeFingerprint, type ProcessFingerprint, type ProcessTable } from '../system/process-table/index.js';

export interface InstanceLock {
  /** `abstract-socket` on Linux, `lock-file` elsewhere. */
  readonly kind: 'abstract-socket' | 'lock-file';
  /** Lets the next host take the lock. Safe to call twice; dying releases it too. */
  release(): Promise<void>;
}

export interface InstanceLockOptions {
  readonly projectRoot: string;
  /** The lock file used where abstract sockets do not exist (`.stackctl/daemon.lock`). */
  readonly lockFile: string;
  /** Default: this OS. Tests pass another one to exercise the lock file on Linux. */
  readonly platform?: NodeJS.Platform;
  /** For the lock file's fingerprint; without one the file holds the pid only. */
  readonly processTable?: ProcessTable;
}

/**
 * Resolves with the lock, or null when another live process holds it (then that one serves the project).
 *
 * Linux: binds the abstract Unix socket `\0stackctl-<24 hex digest of the real project root>`. Binding
 * is atomic and the kernel frees the name when the holder dies however it dies, so there is no
 * stale lock to clean up. The socket is close-on-exec, so services never inherit it. (The name
 * lives in the network namespace: two containers sharing one project folder do not see each
 * other's lock.)
 *
 * Elsewhere: creates the lock file with O_EXCL, holding the holder's pid fingerprint. When the file
 * exists and its fingerprint is dead (gone, or the pid was reused), it is removed and the create
 * retried once. Known race: two processes that both find the same dead lock at the same moment
 * may both remove it; the slower one may remove the faster one's fresh lock and both then hold
 * it. This needs a crash of the previous holder followed by two starts within microseconds.
 */
export async function acquireInstanceLock(options: InstanceLockOptions): Promise<InstanceLock | null> {
  const platform = options.platform ?? process.platform;
  if (platform === 'linux') return bindAbstractSocket(lockNameFor(options.projectRoot));
  return createLockFile(options.lockFile, options.processTable);
}

/** `\0stackctl-<24 hex digits: a 96-bit digest of the real path of the project root>`. */
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

function bindAbstractSocket(name: string): Promise<InstanceLock | null> {
  return new Promise((resolve, reject) => {
    const server = net.createServer((socket) => socket.destroy());
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') resolve(null);
      else reject(new StackctlError('E_INTERNAL', `cannot take the instance lock ${name.slice(1)}: ${error.message}`, { cause: error }));
    });
    server.listen(name, () => {
      server.unref();
      let released: Promise<void> | undefined;
      resolve({
        kind: 'abstract-socket',
        release: () => (released ??= new Promise<void>((done) => server.close(() => done()))),
      });
    });
  });
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
        throw new StackctlError('E_INTERNAL', `cannot create the lock file ${file}`, { cause: error });
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
