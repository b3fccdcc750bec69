// Test helpers: a temporary project folder, the doctor run on it, its findings of one check, and processes to clean up.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, expect } from 'vitest';
import { runDoctor, type DoctorEntry, type DoctorOptions, type DoctorReport } from '../../../src/project/doctor/index.js';
import { expectPidsGone, killSurvivors } from '../../helpers/pids.js';

const folders: string[] = [];
const pids = new Set<number>();

/** Registers cleanup for the calling test file: every process started with `spawnServer`/`track` is killed and checked gone, folders removed. */
export function useDoctorCleanup(): void {
  afterEach(async () => {
    const started = [...pids];
    pids.clear();
    killSurvivors(started);
    await expectPidsGone(started);
    for (const folder of folders.splice(0)) fs.rmSync(folder, { recursive: true, force: true });
  });
}

/** A fresh folder (real path) holding `files`: relative path → content; a trailing `/` makes a folder. */
export function project(files: Record<string, string>): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-doctor-')));
  folders.push(root);
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(root, name);
    if (name.endsWith('/')) fs.mkdirSync(target, { recursive: true });
    else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
  return root;
}

/** Runs the doctor in `root` with this process's environment unless told otherwise. */
export function doctor(root: string, options: Partial<DoctorOptions> = {}): Promise<DoctorReport> {
  return runDoctor({ cwd: root, env: process.env, ...options });
}

/** The entries of check `id`. */
export function findings(report: DoctorReport, id: string): DoctorEntry[] {
  return report.entries.filter((entry) => entry.id === id);
}

/** The one entry of check `id` whose message contains `text` (fails the test when there is none). */
export function findingWith(report: DoctorReport, id: string, text: string): DoctorEntry {
  const found = findings(report, id).find((entry) => entry.message.includes(text));
  expect(found, `no ${id} finding with "${text}" in:\n${report.entries.map((entry) => `${entry.id} ${entry.status} ${entry.message}`).join('\n')}`).toBeDefined();
  return found as DoctorEntry;
}

/** Remembers a pid to kill (and check gone) after the test. */
export function track(pid: number): void {
  pids.add(pid);
}

/** A TCP server script a test writes into a project: listens on 127.0.0.1:<argv[2]> (0: any free port) and prints its port. */
export const SERVER_SCRIPT = `
const server = require('node:net').createServer((socket) => socket.end());
server.listen(Number(process.argv[2] ?? 0), '127.0.0.1', () => console.log(server.address().port));
setInterval(() => {}, 1 << 30);
`;

/** Starts `node server.js [port]` (no port: any free one) in `cwd` (writing server.js there) and resolves once it listens, with its pid and port. */
export async function spawnServer(cwd: string, port = 0): Promise<{ pid: number; port: number }> {
  fs.writeFileSync(path.join(cwd, 'server.js'), SERVER_SCRIPT);
  const child = spawn(process.execPath, ['server.js', ...(port === 0 ? [] : [String(port)])], { cwd, stdio: ['ignore', 'pipe', 'inherit'] });
  if (child.pid === undefined) throw new Error('server did not start');
  track(child.pid);
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('server printed nothing within 10 s')), 10_000);
    child.once('exit', (code) => reject(new Error(`server exited early with ${code}`)));
    createInterface({ input: child.stdout }).once('line', (text) => {
      clearTimeout(timer);
      resolve(text);
    });
  });
  child.stdout.destroy();
  child.unref();
  return { pid: child.pid, port: Number(line) };
}
