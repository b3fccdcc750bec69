// The secret part of the instance lock's name: numbered random keys in `.stackctl/lock-keys/` (0700, files 0600), only ever added.
import { closeSync, linkSync, openSync, readFileSync, readSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { ensurePrivateDir, PRIVATE_FILE_MODE } from '../system/private-files.js';

export interface LockKey {
  /** The file's name: 0, 1, 2… The highest one is the current key. */
  readonly generation: number;
  /** 32 hex digits from /dev/urandom. */
  readonly secret: string;
}

const SECRET = /^[0-9a-f]{32}$/;
/** Rounds of "list, read, maybe create" before giving up (each round needs another process to interfere). */
const MAX_ROUNDS = 16;

/**
 * The highest generation in `dir` (creating the folder, 0700, and generation 0 when there is none).
 * A key file that does not hold a key (damaged by hand) is skipped over: the next generation is made.
 */
export function currentLockKey(dir: string): LockKey {
  ensurePrivateDir(dir);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const top = generationsIn(dir).at(-1);
    if (top === undefined) {
      addLockKey(dir, 0);
      continue;
    }
    const secret = readSecret(dir, top);
    if (secret === undefined) continue; // removed meanwhile: list again
    if (secret === null) {
      addLockKey(dir, top + 1);
      continue;
    }
    return { generation: top, secret };
  }
  throw new Error(`the lock keys in ${dir} kept changing while being read`);
}

/**
 * Makes generation `generation` (the one after the current key, to abandon a name someone else took)
 * unless it exists already: racing callers all end up with the same new key, as the file is only
 * ever created whole (written to a temp file, then hard-linked into place, which fails when taken)
 * and never rewritten.
 */
export function addLockKey(dir: string, generation: number): void {
  const target = path.join(dir, String(generation));
  const temp = path.join(dir, `.${generation}.${process.pid}.${randomHex(4)}.tmp`);
  writeFileSync(temp, `${randomHex(16)}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    linkSync(temp, target);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    // A file system without hard links: create in place (a reader may see it empty for an instant,
    // takes it for damaged and moves to the next generation, which is safe, only wasteful).
    if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'EOPNOTSUPP') throw error;
    try {
      writeFileSync(target, readFileSync(temp), { mode: PRIVATE_FILE_MODE, flag: 'wx' });
    } catch (fallbackError) {
      if ((fallbackError as NodeJS.ErrnoException).code !== 'EEXIST') throw fallbackError;
    }
  } finally {
    rmSync(temp, { force: true });
  }
}

/** Every readable key in `dir`, oldest first. */
export function lockKeys(dir: string): LockKey[] {
  const keys: LockKey[] = [];
  for (const generation of generationsIn(dir)) {
    const secret = readSecret(dir, generation);
    if (typeof secret === 'string') keys.push({ generation, secret });
  }
  return keys;
}

/** Removes the given older generations (best effort: never the current one, which the caller checks). */
export function removeLockKeys(dir: string, generations: readonly number[]): void {
  for (const generation of generations) rmSync(path.join(dir, String(generation)), { force: true });
}

function generationsIn(dir: string): number[] {
  return readdirSync(dir)
    .filter((name) => /^(0|[1-9]\d{0,8})$/.test(name))
    .map(Number)
    .sort((a, b) => a - b);
}

/** The secret; undefined when the file is gone, null when it holds no key. */
function readSecret(dir: string, generation: number): string | null | undefined {
  let text: string;
  try {
    text = readFileSync(path.join(dir, String(generation)), 'utf8').trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  return SECRET.test(text) ? text : null;
}

/**
 * Hex digits from the kernel's random source. (Not node:crypto: loading it costs the daemon
 * ~0.7 MB of resident memory, for these few bytes. This file is only used on Linux.)
 */
function randomHex(bytes: number): string {
  const buffer = Buffer.alloc(bytes);
  const fd = openSync('/dev/urandom', 'r');
  try {
    let filled = 0;
    while (filled < bytes) filled += readSync(fd, buffer, filled, bytes - filled, null);
  } finally {
    closeSync(fd);
  }
  return buffer.toString('hex');
}
