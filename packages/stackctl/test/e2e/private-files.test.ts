// End-to-end: whatever modes `.stackctl/` had before, `start` leaves every folder 0700 and every file (logs, socket, FIFOs…) 0600; another user reads nothing.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { canActAsStranger, readAsStranger } from '../helpers/as-stranger.js';
import { cleanUp, cliOk, eventually, expectNothingLeft } from './daemon-helpers.js';
import { createTempProject, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];

afterEach(() => {
  for (const project of projects.splice(0)) cleanUp(project);
});

interface Entry {
  readonly path: string;
  readonly kind: 'folder' | 'file' | 'socket' | 'fifo' | 'other';
  readonly mode: string;
}

/** Every entry under `dir` (the folder itself first), with its kind and octal mode. */
function entriesUnder(dir: string, root = dir): Entry[] {
  const stats = fs.lstatSync(dir);
  const kind = stats.isDirectory() ? 'folder' : stats.isFile() ? 'file' : stats.isSocket() ? 'socket' : stats.isFIFO() ? 'fifo' : 'other';
  const entry: Entry = { path: path.relative(root, dir) || '.', kind, mode: (stats.mode & 0o777).toString(8) };
  if (!stats.isDirectory()) return [entry];
  return [entry, ...fs.readdirSync(dir).sort().flatMap((name) => entriesUnder(path.join(dir, name), root))];
}

function tooOpen(entries: readonly Entry[]): Entry[] {
  return entries.filter((entry) => entry.mode !== (entry.kind === 'folder' ? '700' : '600'));
}

describe('private files in .stackctl/', () => {
  it('a .stackctl/ and logs/ made 0755 with a 0644 log beforehand: after start, every folder is 0700 and every file 0600', async () => {
    const project = createTempProject(`services:
  api:
    command: ["node", "-e", "console.log('SECRET_TOKEN=hunter2'); setInterval(() => {}, 1 << 30)"]
`);
    projects.push(project);
    // Only the state folder's own modes may stand between another user and the log.
    fs.chmodSync(project.dir, 0o755);
    const state = path.join(project.dir, '.stackctl');
    const logs = path.join(state, 'logs');
    fs.mkdirSync(logs, { recursive: true });
    fs.chmodSync(state, 0o755);
    fs.chmodSync(logs, 0o755);
    for (const name of ['api.log', 'api.log.1', 'stackctl.log', 'daemon.out']) fs.writeFileSync(path.join(logs, name), 'an older line\n', { mode: 0o644 });
    fs.writeFileSync(path.join(state, '.gitignore'), '', { mode: 0o644 }); // left empty by a full disk once
    const log = path.join(logs, 'api.log');
    if (canActAsStranger) expect(readAsStranger(log), 'the stranger can read the log before the fix').toBe('ok');

    await cliOk(project, ['start']);
    await eventually(() => fs.readFileSync(log, 'utf8'), (text) => text.includes('SECRET_TOKEN=hunter2'), 'the secret line in the log');

    const running = entriesUnder(state);
    expect(running.map((entry) => entry.kind)).toEqual(expect.arrayContaining(['socket', 'fifo']));
    expect(tooOpen(running)).toEqual([]);
    expect(fs.readFileSync(path.join(state, '.gitignore'), 'utf8')).toMatch(/^\*$/m);
    if (canActAsStranger) {
      expect(readAsStranger(log)).toBe('EACCES');
      expect(readAsStranger(path.join(logs, 'stackctl.log'))).toBe('EACCES');
      expect(readAsStranger(path.join(project.dir, 'stackctl.yaml')), 'the stranger can read what is not private').toBe('ok');
    }

    await cliOk(project, ['stop']);
    await expectNothingLeft(project);
    const stopped = entriesUnder(state);
    expect(stopped.filter((entry) => entry.kind === 'file').map((entry) => entry.path)).toEqual(
      expect.arrayContaining(['logs/api.log', 'logs/api.log.1', 'logs/stackctl.log', 'logs/daemon.out', '.gitignore']),
    );
    expect(tooOpen(stopped)).toEqual([]);
    if (canActAsStranger) expect(readAsStranger(log)).toBe('EACCES');
  });
});
