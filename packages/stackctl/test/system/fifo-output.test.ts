// Integration tests of FIFO output: creation, spawning into FIFOs, no reader for a while, re-attaching, EOF.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensureFifo, fifoPaths, openFifoForChild, openFifoReader, removeFifos } from '../../src/system/fifo.js';
import { createPosixPlatform } from '../../src/system/posix-platform.js';
import { nodeFixture } from '../helpers/fixtures.js';
import { expectPidsGoneAndClear, pidAlive } from '../helpers/pids.js';
import { waitFor } from '../helpers/wait-for.js';

const platform = createPosixPlatform();
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin' };
const pids = new Set<number>();
let dir = '';

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-fifo-'));
});
afterEach(async () => {
  try {
    await expectPidsGoneAndClear(pids);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

function collect(stream: Readable): { text: () => string } {
  let text = '';
  stream.on('data', (chunk: Buffer) => (text += chunk.toString()));
  return { text: () => text };
}

/** This process's open fds that point at `file`. */
function openFdsOn(file: string): number {
  return fs.readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return fs.readlinkSync(`/proc/self/fd/${fd}`).startsWith(file);
    } catch {
      return false;
    }
  }).length;
}

const numbered = (count: number, tag: string) => Array.from({ length: count }, (_, i) => `${tag} ${i + 1}\n`).join('');

describe.skipIf(process.platform !== 'linux')('FIFO output', () => {
  it('creates a FIFO 0600 (folder 0700), reuses it, replaces any other file, and removes it', () => {
    const file = path.join(dir, 'run', 'api.stdout');
    ensureFifo(file);
    const made = fs.statSync(file);
    expect(made.isFIFO()).toBe(true);
    expect(made.mode & 0o777).toBe(0o600);
    expect(fs.statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    ensureFifo(file);
    expect(fs.statSync(file).ino).toBe(made.ino);
    fs.rmSync(file);
    fs.writeFileSync(file, 'a stale regular file');
    ensureFifo(file);
    expect(fs.statSync(file).isFIFO()).toBe(true);
    removeFifos(fifoPaths(path.join(dir, 'run'), 'api'));
    expect(fs.existsSync(file)).toBe(false);
  });

  it('spawns into the FIFOs, keeps no writer end itself, and sees EOF when the child exits', async () => {
    const output = fifoPaths(dir, 'api');
    const child = platform.spawn({ command: `${nodeFixture('print-lines', 20_000, 'out').join(' ')}; echo done >&2`, cwd: dir, env, output });
    pids.add(child.pid);
    // Only our two read ends are open here: the child's O_RDWR copies were closed right after spawn.
    expect(openFdsOn(output.stdout) + openFdsOn(output.stderr)).toBe(2);
    const out = collect(child.stdout);
    const err = collect(child.stderr);
    expect(await child.exited).toEqual({ code: 0, signal: null });
    expect(out.text()).toBe(numbered(20_000, 'out'));
    expect(err.text()).toBe('done\n');
    expect(child.stdout.closed && child.stderr.closed).toBe(true);
  });

  it('hands what a reader read before anyone listened to the first listener, first and in order', async () => {
    const file = path.join(dir, 'early.stdout');
    ensureFifo(file);
    const writer = openFifoForChild(file);
    const reader = openFifoReader(file);
    fs.writeSync(writer, numbered(3, 'early'));
    // Event-loop turns without a listener: the reader has read those lines meanwhile.
    await new Promise((resolve) => setTimeout(resolve, 100));
    fs.writeSync(writer, numbered(2, 'before'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    const out = collect(reader);
    const ended = new Promise((resolve) => reader.once('end', resolve));
    fs.writeSync(writer, numbered(2, 'after'));
    fs.closeSync(writer);
    await ended;
    expect(out.text()).toBe(numbered(3, 'early') + numbered(2, 'before') + numbered(2, 'after'));
  });

  it('lets a child write on with no reader (it blocks, it does not die), and a new reader gets every byte in order', async () => {
    const output = fifoPaths(dir, 'api');
    const count = 30_000; // ~300 KB: far more than the 64 KiB a pipe holds
    const child = platform.spawn({ command: nodeFixture('print-lines', count, 'n'), cwd: dir, env, output });
    pids.add(child.pid);
    // The host goes away without reading a byte.
    child.release?.();
    child.stdout.destroy();
    child.stderr.destroy();
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(pidAlive(child.pid)).toBe(true);

    const attached = platform.attach({ pid: child.pid, pgid: child.pid, output, isAlive: () => pidAlive(child.pid) });
    const out = collect(attached.stdout);
    attached.stderr.resume();
    expect(await attached.exited).toEqual({ code: null, signal: null });
    expect(out.text()).toBe(numbered(count, 'n'));
  });

  it('ends the streams of a process attached to after it was gone (no writer left to close them)', async () => {
    const output = fifoPaths(dir, 'api');
    ensureFifo(output.stdout);
    ensureFifo(output.stderr);
    const started = Date.now();
    const attached = platform.attach({ pid: 999_999, pgid: 999_999, output, isAlive: () => false });
    attached.stdout.resume();
    attached.stderr.resume();
    expect(await attached.exited).toEqual({ code: null, signal: null });
    await waitFor(() => attached.stdout.closed && attached.stderr.closed, { message: 'streams closed' });
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('attaches without output (empty streams) and notices the end by polling', async () => {
    const child = platform.spawn({ command: nodeFixture('forever'), cwd: dir, env });
    pids.add(child.pid);
    child.stdout.resume();
    child.stderr.resume();
    const attached = platform.attach({ pid: child.pid, pgid: child.pid, output: null, isAlive: () => pidAlive(child.pid) });
    attached.stdout.resume();
    attached.stderr.resume();
    platform.signalGroup(child.pid, 'SIGKILL');
    expect(await attached.exited).toEqual({ code: null, signal: null });
    expect(pidAlive(child.pid)).toBe(false);
  });

  it('fails the spawn with E_SPAWN_FAILED when the FIFO cannot be created', () => {
    fs.writeFileSync(path.join(dir, 'file'), '');
    const output = fifoPaths(path.join(dir, 'file', 'sub'), 'api');
    expect(() => platform.spawn({ command: 'true', cwd: dir, env, output })).toThrow(/cannot create the output pipe/);
  });
});
