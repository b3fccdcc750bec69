// Who holds an abstract socket name: parsed from a /proc/net/unix table, owners told apart by uid (a fake /proc, and the real one).
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { abstractSocketHolders, boundAbstractNames } from '../../src/system/abstract-socket-holders.js';

const TABLE = `Num       RefCount Protocol Flags    Type St Inode Path
0000000006e6c304: 00000002 00000000 00010000 0001 01 1001 @stackctl-aaa-0-k1@@@@@@@@@@@@
0000000006e6c305: 00000002 00000000 00010000 0001 01 1002 @stackctl-bbb-0-k2
0000000006e6c306: 00000003 00000000 00000000 0001 03 1003 /run/some.sock
0000000006e6c307: 00000003 00000000 00000000 0001 03 1004
`;

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

/** A fake procfs: net/unix, and per pid a status with its uid and fd links. */
function fakeProc(processes: Record<number, { uid: number; inodes: number[] }>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'stackctl-fake-proc-'));
  roots.push(root);
  mkdirSync(path.join(root, 'net'));
  writeFileSync(path.join(root, 'net', 'unix'), TABLE);
  for (const [pid, { uid, inodes }] of Object.entries(processes)) {
    mkdirSync(path.join(root, pid, 'fd'), { recursive: true });
    writeFileSync(path.join(root, pid, 'status'), `Name:\tnode\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\n`);
    inodes.forEach((inode, fd) => symlinkSync(`socket:[${inode}]`, path.join(root, pid, 'fd', String(fd + 3))));
  }
  return root;
}

describe('boundAbstractNames', () => {
  it('finds abstract names (NUL-padded by libuv or not), ignores path sockets and unnamed ones', () => {
    const found = boundAbstractNames(TABLE, ['\0stackctl-aaa-0-k1', 'stackctl-bbb-0-k2', '\0stackctl-ccc-0-k3', '/run/some.sock']);
    expect([...found]).toEqual([
      ['\0stackctl-aaa-0-k1', [1001]],
      ['stackctl-bbb-0-k2', [1002]],
    ]);
  });
});

describe('abstractSocketHolders', () => {
  it('tells a holder running as our uid from one running as another, and leaves unbound names out', async () => {
    const proc = fakeProc({ 10: { uid: 1000, inodes: [1001] }, 11: { uid: 2000, inodes: [1002] } });
    const holders = await abstractSocketHolders(['\0stackctl-aaa-0-k1', '\0stackctl-bbb-0-k2', '\0stackctl-ccc-0-k3'], 1000, proc);
    expect(Object.fromEntries(holders)).toEqual({ '\0stackctl-aaa-0-k1': 'own', '\0stackctl-bbb-0-k2': 'other' });
  });

  it('a bound name whose holder cannot be seen (not ours to read) counts as another user’s', async () => {
    const proc = fakeProc({ 10: { uid: 1000, inodes: [] } });
    expect(Object.fromEntries(await abstractSocketHolders(['\0stackctl-aaa-0-k1'], 1000, proc))).toEqual({ '\0stackctl-aaa-0-k1': 'other' });
  });

  it.runIf(process.platform === 'linux')('on the real /proc: a name this process binds is ours', async () => {
    const name = `\0stackctl-test-${process.pid}-${Date.now()}`;
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(name, resolve));
    try {
      expect((await abstractSocketHolders([name], process.geteuid?.() ?? 0)).get(name)).toBe('own');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
    expect((await abstractSocketHolders([name], process.geteuid?.() ?? 0)).has(name)).toBe(false);
  });
});
