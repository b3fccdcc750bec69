// Run records as files: `<dir>/<service>.json`, written atomically (temp file + rename), mode 0600 in a 0700 folder.
import fs from 'node:fs';
import path from 'node:path';
import { StackctlError } from '../errors/index.js';
import type { RunRecord, RunRecordStore } from '../supervisor/run-record.js';

export interface RunRecordFileStoreOptions {
  /** Told about every file `read`/`readAll` skip because it cannot be read or is not a valid record. */
  readonly onCorrupt?: (file: string, reason: string) => void;
}

/** The same rule as service names in the config: no path separators, no leading dot. */
const SERVICE_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/;
const SUFFIX = '.json';

/**
 * A RunRecordStore over one folder (the daemon passes `.stackctl/run`). Other files in the folder
 * (the FIFOs of fifo output mode, temp files of a write cut short) are ignored, never opened.
 */
export function createRunRecordFileStore(dir: string, options: RunRecordFileStoreOptions = {}): RunRecordStore {
  let counter = 0;
  const fileOf = (service: string): string => {
    if (!SERVICE_NAME.test(service)) throw new StackctlError('E_INTERNAL', `invalid service name for a run record: "${service}"`);
    return path.join(dir, `${service}${SUFFIX}`);
  };
  const load = (file: string): RunRecord | null => {
    try {
      if (!fs.lstatSync(file).isFile()) throw new Error('not a regular file');
      const record = parseRunRecord(JSON.parse(fs.readFileSync(file, 'utf8')));
      if (record.service !== path.basename(file, SUFFIX)) throw new Error(`names service "${record.service}"`);
      return record;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      options.onCorrupt?.(file, (error as Error).message);
      return null;
    }
  };
  return {
    write(record) {
      const file = fileOf(record.service);
      fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
      counter += 1;
      const temp = `${file}.${process.pid}.${counter}.tmp`;
      try {
        fs.writeFileSync(temp, `${JSON.stringify(record, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
        fs.renameSync(temp, file);
      } catch (error) {
        fs.rmSync(temp, { force: true });
        throw error;
      }
    },
    remove(service) {
      fs.rmSync(fileOf(service), { force: true });
    },
    read(service) {
      return load(fileOf(service));
    },
    readAll() {
      let names: string[];
      try {
        names = fs.readdirSync(dir);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return names
        .filter((name) => name.endsWith(SUFFIX) && SERVICE_NAME.test(name.slice(0, -SUFFIX.length)))
        .sort()
        .flatMap((name) => load(path.join(dir, name)) ?? []);
    },
  };
}

/** Checks the shape of a parsed record; throws an Error saying which field is wrong. */
export function parseRunRecord(value: unknown): RunRecord {
  const object = asObject(value, 'record');
  const integer = (key: string, min: number): number => {
    const field = object[key];
    if (typeof field !== 'number' || !Number.isSafeInteger(field) || field < min) throw new Error(`${key}: expected an integer ≥ ${min}`);
    return field;
  };
  const text = (key: string): string => {
    const field = object[key];
    if (typeof field !== 'string') throw new Error(`${key}: expected a string`);
    return field;
  };
  const origin = object.origin;
  if (origin !== 'managed' && origin !== 'external') throw new Error('origin: expected managed or external');
  const record: RunRecord = {
    service: text('service'),
    pid: integer('pid', 2),
    pgid: integer('pgid', 2),
    startTime: integer('startTime', 0),
    command: text('command'),
    startedAt: integer('startedAt', 0),
    restarts: integer('restarts', 0),
    origin,
    output: object.output === null ? null : streamPair(object.output, 'output'),
  };
  if (object.attached !== undefined && object.attached !== true) throw new Error('attached: expected true when present');
  const withAttached: RunRecord = object.attached === true ? { ...record, attached: true } : record;
  if (object.cgroup !== undefined && (typeof object.cgroup !== 'string' || !object.cgroup.startsWith('/'))) {
    throw new Error('cgroup: expected an absolute path when present');
  }
  const withCgroup: RunRecord = typeof object.cgroup === 'string' ? { ...withAttached, cgroup: object.cgroup } : withAttached;
  const withMembers: RunRecord = object.members === undefined ? withCgroup : { ...withCgroup, members: memberList(object.members) };
  return object.pendingOutput === undefined ? withMembers : { ...withMembers, pendingOutput: streamPair(object.pendingOutput, 'pendingOutput') };
}

function memberList(value: unknown): NonNullable<RunRecord['members']> {
  if (!Array.isArray(value)) throw new Error('members: expected a list');
  return value.map((entry: unknown, index) => {
    const member = asObject(entry, `members[${index}]`);
    const { pid, startTime, command } = member;
    if (typeof pid !== 'number' || !Number.isSafeInteger(pid) || pid < 2) throw new Error(`members[${index}].pid: expected an integer ≥ 2`);
    if (typeof startTime !== 'number' || !Number.isSafeInteger(startTime) || startTime < 0) throw new Error(`members[${index}].startTime: expected an integer ≥ 0`);
    if (typeof command !== 'string') throw new Error(`members[${index}].command: expected a string`);
    return { pid, startTime, command };
  });
}

function streamPair(value: unknown, key: string): { stdout: string; stderr: string } {
  const pair = asObject(value, key);
  if (typeof pair.stdout !== 'string' || typeof pair.stderr !== 'string') {
    throw new Error(`${key}: expected { stdout, stderr } strings`);
  }
  return { stdout: pair.stdout, stderr: pair.stderr };
}

function asObject(value: unknown, key: string): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${key}: expected an object`);
  return value as Record<string, unknown>;
}
