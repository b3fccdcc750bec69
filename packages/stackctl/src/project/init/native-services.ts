// Local databases without Docker: a service running redis-server / postgres / mongod natively, data under .stackctl/data/<name>, or the install command.
import fs from 'node:fs';
import path from 'node:path';
import type { ProgramLookup } from '../setup/index.js';
import type { BackingKind, BackingNeed } from './backing-needs.js';

export interface NativeService {
  readonly name: string;
  readonly kind: BackingKind;
  readonly command: string;
  readonly port: number;
  /** A start-up that may run initdb first: failures in this time do not count. */
  readonly startPeriod?: string;
  /** Services that need it (they get `depends_on: { name: healthy }`). */
  readonly neededBy: readonly string[];
  readonly because: readonly string[];
}

export interface MissingProgram {
  readonly kind: BackingKind;
  readonly program: string;
  readonly install: readonly string[];
  readonly neededBy: readonly string[];
  readonly because: readonly string[];
  /** The service it would be once installed, for the commented block. */
  readonly service: NativeService;
  /** Installed, but it cannot run as this user: PostgreSQL refuses to run as root. */
  readonly refusesRoot?: true;
}

const INSTALL: Readonly<Record<BackingKind, readonly string[]>> = {
  Redis: ['sudo apt install redis-server', 'brew install redis'],
  PostgreSQL: ['sudo apt install postgresql', 'brew install postgresql@16'],
  MongoDB: ['see https://www.mongodb.com/docs/manual/administration/install-community/', 'brew install mongodb-community'],
};

/**
 * Each need as a native service when its server program is installed, else as the program to install (with the service it would be).
 * PostgreSQL refuses to run as root (initdb and postgres exit at once): as root it is left commented, with the reason, like a missing program.
 */
export function nativeServices(needs: readonly BackingNeed[], lookup: ProgramLookup, asRoot = false): { services: NativeService[]; missing: MissingProgram[] } {
  const services: NativeService[] = [];
  const missing: MissingProgram[] = [];
  for (const need of needs) {
    const base = { kind: need.kind, neededBy: need.services, because: need.because };
    const found = programsFor(need.kind, lookup);
    const service = { ...base, ...serviceFor(need.kind, found ?? { server: PROGRAM[need.kind], initdb: 'initdb' }) };
    if (found === null) missing.push({ ...base, program: PROGRAM[need.kind], install: INSTALL[need.kind], service });
    else if (asRoot && need.kind === 'PostgreSQL') missing.push({ ...base, program: PROGRAM[need.kind], install: [], service, refusesRoot: true });
    else services.push(service);
  }
  return { services, missing };
}

const PROGRAM: Readonly<Record<BackingKind, string>> = { Redis: 'redis-server', MongoDB: 'mongod', PostgreSQL: 'postgres' };

function programsFor(kind: BackingKind, lookup: ProgramLookup): { server: string; initdb: string } | null {
  if (kind === 'PostgreSQL') {
    const bin = postgresBin(lookup);
    return bin === null ? null : { server: bin.postgres, initdb: bin.initdb };
  }
  const server = lookup(PROGRAM[kind]);
  return server === null ? null : { server, initdb: '' };
}

function serviceFor(kind: BackingKind, programs: { server: string; initdb: string }): Pick<NativeService, 'name' | 'port' | 'command' | 'startPeriod'> {
  if (kind === 'Redis') {
    return { name: 'redis', port: 6379, command: `mkdir -p .stackctl/data/redis && exec ${programs.server} --port 6379 --bind 127.0.0.1 --dir .stackctl/data/redis` };
  }
  if (kind === 'MongoDB') {
    return { name: 'mongodb', port: 27017, command: `mkdir -p .stackctl/data/mongodb && exec ${programs.server} --dbpath .stackctl/data/mongodb --port 27017 --bind_ip 127.0.0.1` };
  }
  const data = '.stackctl/data/postgres';
  return {
    name: 'postgres',
    port: 5432,
    startPeriod: '30s',
    command:
      `mkdir -p .stackctl/data && { test -f ${data}/PG_VERSION || ${programs.initdb} -D ${data} -U postgres --auth=trust --encoding=UTF8; } && ` +
      `exec ${programs.server} -D ${data} -p 5432 -c listen_addresses=127.0.0.1 -c unix_socket_directories=`,
  };
}

function postgresBin(lookup: ProgramLookup): { postgres: string; initdb: string } | null {
  const postgres = lookup('postgres');
  const initdb = lookup('initdb');
  return postgres !== null && initdb !== null ? { postgres, initdb } : null;
}

/** `lookup`, then Debian's /usr/lib/postgresql/<version>/bin (newest first) for postgres and initdb, which Debian keeps off PATH. */
export function withDebianPostgres(lookup: ProgramLookup): ProgramLookup {
  return (program) => {
    const found = lookup(program);
    if (found !== null || (program !== 'postgres' && program !== 'initdb')) return found;
    const root = '/usr/lib/postgresql';
    const versions = fs.existsSync(root) ? fs.readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
    for (const version of versions) {
      const file = path.join(root, version, 'bin', program);
      if (fs.existsSync(file)) return file;
    }
    return null;
  };
}
