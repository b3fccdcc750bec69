// A temporary copy of the demo in examples/fullstack for tests: its own folder, free ports, a project name no user shares.
import { randomBytes } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '../helpers/free-port.js';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
/** The demo as checked out: read and listed, never run in. */
export const DEMO_DIR = path.join(REPO_ROOT, 'examples/fullstack');
/** The workspace's one node_modules, where the demo's better-sqlite3, vite and react are installed (it has none of its own). */
const WORKSPACE_MODULES = path.join(REPO_ROOT, 'node_modules');

/** What the demo makes when it runs; a copy starts without them, as a fresh clone does. */
const LEFT_OUT = new Set(['node_modules', '.stackctl', '.env', 'api/data', 'worker/.heartbeat']);

/** The ports the demo's stackctl.yaml declares, and where it points at them. */
const API_PORT = '4000';
const WEB_PORT = '5173';

export interface DemoCopy {
  readonly dir: string;
  /** `name:` of the copy: `demo-e2e-<pid>-<random>`, the STACKCTL_PROJECT of each of its processes. */
  readonly name: string;
  readonly apiPort: number;
  readonly webPort: number;
  remove(): void;
}

/**
 * Copies the demo into a temporary folder (outside the repository, so nothing there is found by
 * walking up), with its ports replaced by free ones and a unique project name. Its node_modules
 * holds a link to each package of the workspace's, so modules resolve as in the checkout while
 * what tools write into node_modules (Vite's `.vite` cache) stays in the copy.
 */
export async function copyDemo(): Promise<DemoCopy> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'stackctl-demo-'));
  cpSync(DEMO_DIR, dir, {
    recursive: true,
    filter: (source) => !LEFT_OUT.has(path.relative(DEMO_DIR, source).split(path.sep).join('/')),
  });
  mkdirSync(path.join(dir, 'node_modules'));
  for (const entry of readdirSync(WORKSPACE_MODULES)) {
    if (entry === '.vite' || entry === '.package-lock.json') continue;
    symlinkSync(path.join(WORKSPACE_MODULES, entry), path.join(dir, 'node_modules', entry));
  }
  const name = `demo-e2e-${process.pid}-${randomBytes(4).toString('hex')}`;
  const apiPort = await freePort();
  let webPort = await freePort();
  while (webPort === apiPort) webPort = await freePort();
  const configFile = path.join(dir, 'stackctl.yaml');
  const original = readFileSync(configFile, 'utf8');
  if (!/^name: demo$/m.test(original) || !original.includes(`port: ${API_PORT}`) || !original.includes(`port: ${WEB_PORT}`)) {
    throw new Error(`the demo's stackctl.yaml no longer declares name: demo and ports ${API_PORT}, ${WEB_PORT}: update demo-copy.ts`);
  }
  // Every mention of a port (port:, health URLs, API_URL) moves with it.
  const config = original
    .replace(/^name: demo$/m, `name: ${name}`)
    .replaceAll(`:${API_PORT}`, `:${apiPort}`)
    .replaceAll(`port: ${API_PORT}`, `port: ${apiPort}`)
    .replaceAll(`:${WEB_PORT}`, `:${webPort}`)
    .replaceAll(`port: ${WEB_PORT}`, `port: ${webPort}`);
  if (config.includes(API_PORT) || config.includes(WEB_PORT)) throw new Error('a demo port was left in the copy of stackctl.yaml');
  writeFileSync(configFile, config);
  return { dir, name, apiPort, webPort, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * Every entry below `dir` with its type, size and modification time, sorted: two equal snapshots
 * mean nothing was created, removed or written there in between.
 */
export function snapshotTree(dir: string): string[] {
  const entries: string[] = [];
  const visit = (folder: string): void => {
    for (const entry of readdirSync(folder)) {
      const full = path.join(folder, entry);
      const stat = lstatSync(full);
      const relative = path.relative(dir, full);
      entries.push(stat.isDirectory() ? `${relative}/` : `${relative} ${stat.size} ${stat.mtimeMs}`);
      if (stat.isDirectory() && entry !== 'node_modules') visit(full);
    }
  };
  visit(dir);
  return entries.sort();
}
