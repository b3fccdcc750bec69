// Test helper: writes a fake procfs tree (stat, cmdline, cwd, fd links, net/tcp) into a folder.
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll } from 'vitest';

export interface FakeProcess {
  readonly pid: number;
  readonly comm: string;
  readonly state?: string;
  readonly ppid?: number;
  readonly pgid?: number;
  readonly utime?: number;
  readonly stime?: number;
  readonly startTicks?: number;
  readonly rssPages?: number;
  /** Omitted: an empty cmdline (as for kernel threads). */
  readonly argv?: readonly string[];
  /** Omitted: no cwd link (as when not permitted). */
  readonly cwd?: string;
  /** fd number → link target such as `socket:[123]`; omitted: no fd folder (vanished or EACCES). */
  readonly fds?: Readonly<Record<string, string>>;
}

/** A full 52-field stat line as Linux 6.x writes it. */
export function statLine(p: FakeProcess): string {
  const fields = [
    p.state ?? 'S', p.ppid ?? 1, p.pgid ?? p.pid, p.pgid ?? p.pid, 0, -1, 4194560, // 3-9
    120, 0, 0, 0, p.utime ?? 0, p.stime ?? 0, 0, 0, 20, 0, 1, 0, // 10-21
    p.startTicks ?? 0, 11_000_000, p.rssPages ?? 0, '18446744073709551615', // 22-25
    ...Array.from({ length: 27 }, () => 0), // 26-52
  ];
  return `${p.pid} (${p.comm}) ${fields.join(' ')}\n`;
}

export interface FakeProcOptions {
  readonly processes: readonly FakeProcess[];
  readonly btime?: number;
  readonly tcp?: string;
  readonly tcp6?: string;
}

export function writeFakeProc(root: string, options: FakeProcOptions): void {
  mkdirSync(join(root, 'net'), { recursive: true });
  writeFileSync(join(root, 'stat'), `cpu  1 2 3 4\nintr 0\nctxt 0\nbtime ${options.btime ?? 1_700_000_000}\nprocesses 1\n`);
  if (options.tcp !== undefined) writeFileSync(join(root, 'net', 'tcp'), options.tcp);
  if (options.tcp6 !== undefined) writeFileSync(join(root, 'net', 'tcp6'), options.tcp6);
  for (const p of options.processes) {
    const dir = join(root, String(p.pid));
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'stat'), statLine(p));
    writeFileSync(join(dir, 'cmdline'), p.argv === undefined ? '' : `${p.argv.join('\0')}\0`);
    if (p.cwd !== undefined) symlinkSync(p.cwd, join(dir, 'cwd'));
    if (p.fds !== undefined) {
      mkdirSync(join(dir, 'fd'));
      for (const [fd, target] of Object.entries(p.fds)) symlinkSync(target, join(dir, 'fd', fd));
    }
  }
}

/**
 * Registers the hooks of a describe block reading a fake /proc: written into a temporary folder
 * (named from `prefix`) before its tests, removed after them. Returns the folder, once written.
 */
export function useFakeProc(prefix: string, options: FakeProcOptions): () => string {
  let root = '';
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), prefix));
    writeFakeProc(root, options);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  return () => root;
}
