// Unit tests of the run record file store: atomic 0600 files in a 0700 folder, corrupt files skipped and reported.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord } from '../../src/supervisor/run-record.js';
import { createRunRecordFileStore, parseRunRecord } from '../../src/system/run-record-file-store.js';

let root = '';
let dir = '';
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-records-'));
  dir = path.join(root, '.stackctl', 'run');
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

function record(service: string, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    service,
    pid: 4242,
    pgid: 4242,
    startTime: 30_449,
    command: 'node server.js',
    startedAt: 1_700_000_000_000,
    restarts: 2,
    origin: 'managed',
    output: { stdout: `/run/${service}.stdout`, stderr: `/run/${service}.stderr` },
    ...overrides,
  };
}

const mode = (file: string) => fs.statSync(file).mode & 0o777;

describe('createRunRecordFileStore', () => {
  it('writes <dir>/<service>.json with mode 0600 in a folder created 0700, and reads it back', () => {
    const store = createRunRecordFileStore(dir);
    expect(store.readAll()).toEqual([]);
    store.write(record('api'));
    const file = path.join(dir, 'api.json');
    expect(mode(dir)).toBe(0o700);
    expect(mode(file)).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(record('api'));
    expect(store.read('api')).toEqual(record('api'));
    expect(store.read('web')).toBeNull();
  });

  it('replaces a record atomically, leaving no temp file behind', () => {
    const store = createRunRecordFileStore(dir);
    store.write(record('api'));
    const pending = { stdout: Buffer.from('half a li').toString('base64'), stderr: '' };
    store.write(record('api', { pid: 5151, restarts: 3, output: null, pendingOutput: pending }));
    expect(fs.readdirSync(dir)).toEqual(['api.json']);
    expect(store.read('api')).toEqual(record('api', { pid: 5151, restarts: 3, output: null, pendingOutput: pending }));
  });

  it('lists every record by service name and removes them (a missing one is fine)', () => {
    const store = createRunRecordFileStore(dir);
    store.write(record('web'));
    store.write(record('api'));
    expect(store.readAll().map((each) => each.service)).toEqual(['api', 'web']);
    store.remove('web');
    store.remove('web');
    expect(store.readAll().map((each) => each.service)).toEqual(['api']);
  });

  it('skips and reports corrupt or mismatched records, ignores other files, never opens a FIFO', () => {
    const problems: string[] = [];
    const store = createRunRecordFileStore(dir, { onCorrupt: (file, reason) => problems.push(`${path.basename(file)}: ${reason}`) });
    store.write(record('api'));
    fs.writeFileSync(path.join(dir, 'broken.json'), '{"service": "broken", ');
    fs.writeFileSync(path.join(dir, 'negative.json'), JSON.stringify(record('negative', { pid: -1 })));
    fs.writeFileSync(path.join(dir, 'other.json'), JSON.stringify(record('api')));
    fs.writeFileSync(path.join(dir, 'api.json.77.1.tmp'), 'half written');
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'hello');
    fs.mkdirSync(path.join(dir, 'folder.json'));
    if (process.platform !== 'win32') {
      // A FIFO named like a record: opening it for reading would block forever.
      spawnSync('mkfifo', [path.join(dir, 'fifo.json')]);
    }
    expect(store.readAll().map((each) => each.service)).toEqual(['api']);
    expect(problems.join('\n')).toMatch(/^broken\.json: .*JSON/m);
    expect(problems).toContain('negative.json: pid: expected an integer ≥ 2');
    expect(problems).toContain('other.json: names service "api"');
    expect(problems).toContain('folder.json: not a regular file');
    expect(store.read('broken')).toBeNull();
  });

  it('refuses service names that would leave the folder', () => {
    const store = createRunRecordFileStore(dir);
    expect(() => store.write(record('../escape'))).toThrow(/invalid service name/);
    expect(() => store.read('.hidden')).toThrow(/invalid service name/);
  });
});

describe('parseRunRecord', () => {
  it('accepts a full record and names the first wrong field', () => {
    expect(parseRunRecord(record('api'))).toEqual(record('api'));
    expect(parseRunRecord({ ...record('api'), output: null })).toMatchObject({ output: null });
    expect(() => parseRunRecord([])).toThrow('record: expected an object');
    expect(() => parseRunRecord({ ...record('api'), origin: 'other' })).toThrow(/origin/);
    expect(() => parseRunRecord({ ...record('api'), startTime: 1.5 })).toThrow(/startTime/);
    expect(() => parseRunRecord({ ...record('api'), output: { stdout: 1 } })).toThrow(/output/);
    expect(() => parseRunRecord({ ...record('api'), pendingOutput: null })).toThrow(/pendingOutput/);
  });

  it('keeps the mark of a process running in a terminal (stackctl run), and only as true', () => {
    const attached = record('api', { pgid: 4000, output: null, attached: true });
    expect(parseRunRecord(JSON.parse(JSON.stringify(attached)))).toEqual(attached);
    expect(parseRunRecord(record('api'))).not.toHaveProperty('attached');
    expect(() => parseRunRecord({ ...record('api'), attached: false })).toThrow(/attached/);
  });
});
