// What an app needs running beside it, read from its dependencies: Redis (bull, ioredis…), MongoDB (mongoose…), PostgreSQL (pg, prisma, psycopg…).
import type { ContainerHint } from './detected.js';
import { readPackageJson } from './node-detector.js';
import { joinPath, type ProjectFiles } from './project-files.js';

export type BackingKind = 'Redis' | 'MongoDB' | 'PostgreSQL';

export interface BackingNeed {
  readonly kind: BackingKind;
  /** The packages that tell, e.g. `bull, ioredis`. */
  readonly because: readonly string[];
  /** The services (by planned name) in whose folder they were found. */
  readonly services: readonly string[];
}

const NODE: Readonly<Record<BackingKind, readonly string[]>> = {
  Redis: ['redis', 'ioredis', 'bull', 'bullmq', 'bee-queue', 'kue', '@upstash/redis', 'connect-redis'],
  MongoDB: ['mongoose', 'mongodb', '@typegoose/typegoose'],
  PostgreSQL: ['pg', 'postgres', 'pg-promise', '@neondatabase/serverless', 'slonik'],
};
const PYTHON: Readonly<Record<BackingKind, readonly string[]>> = {
  Redis: ['redis', 'rq', 'celery[redis]', 'django-redis', 'aioredis'],
  MongoDB: ['pymongo', 'motor', 'beanie', 'mongoengine', 'djongo'],
  PostgreSQL: ['psycopg', 'psycopg2', 'psycopg2-binary', 'psycopg[binary]', 'asyncpg'],
};
const KINDS: readonly BackingKind[] = ['PostgreSQL', 'MongoDB', 'Redis'];
const POSTGRES_URL = /postgres(?:ql)?(?:\+\w+)?:\/\//;

/** The needs of the services (name → folder), without those a compose file already provides. */
export function backingNeeds(files: ProjectFiles, services: ReadonlyArray<{ readonly name: string; readonly cwd: string }>, compose: readonly ContainerHint[]): BackingNeed[] {
  const needs = new Map<BackingKind, { because: Set<string>; services: Set<string> }>();
  const folders = new Map<string, string[]>();
  for (const service of services) folders.set(service.cwd, [...(folders.get(service.cwd) ?? []), service.name]);
  for (const [dir, names] of folders) {
    for (const [kind, packages] of folderNeeds(files, dir)) {
      const entry = needs.get(kind) ?? { because: new Set<string>(), services: new Set<string>() };
      for (const name of packages) entry.because.add(name);
      for (const name of names) entry.services.add(name);
      needs.set(kind, entry);
    }
  }
  return KINDS.filter((kind) => needs.has(kind) && !compose.some((hint) => hint.kind === kind)).map((kind) => ({
    kind,
    because: [...(needs.get(kind)?.because ?? [])],
    services: [...(needs.get(kind)?.services ?? [])],
  }));
}

function folderNeeds(files: ProjectFiles, dir: string): Array<[BackingKind, string[]]> {
  const pkg = readPackageJson(files, dir) ?? (dir === '.' ? null : readPackageJson(files, '.'));
  const nodeDeps = new Set([...Object.keys(pkg?.dependencies ?? {}), ...Object.keys(pkg?.devDependencies ?? {})]);
  const python = ['requirements.txt', 'pyproject.toml', 'Pipfile'].map((file) => files.read(joinPath(dir, file)) ?? '').join('\n').toLowerCase();
  const pythonDeps = new Set(python.match(/[a-z0-9][a-z0-9_.-]*(?:\[[a-z0-9,_-]+\])?/g) ?? []);
  const envText = ['.env', '.env.example', '.env.sample', 'prisma/schema.prisma', 'schema.prisma', 'config/settings.py', 'settings.py'].map((file) => files.read(joinPath(dir, file)) ?? '').join('\n');
  const found: Array<[BackingKind, string[]]> = [];
  for (const kind of KINDS) {
    const because = [...NODE[kind].filter((name) => nodeDeps.has(name)), ...PYTHON[kind].filter((name) => pythonDeps.has(name))];
    if (kind === 'PostgreSQL') {
      const urlSaysPostgres = POSTGRES_URL.test(envText) || /provider\s*=\s*"postgresql"/.test(envText);
      if (nodeDeps.has('prisma') || nodeDeps.has('@prisma/client')) {
        if (urlSaysPostgres || !/provider\s*=\s*"(?:sqlite|mysql|mongodb|sqlserver|cockroachdb)"/.test(envText)) because.push('prisma');
      }
      if (pythonDeps.has('sqlalchemy') && urlSaysPostgres) because.push('sqlalchemy with a postgres URL');
    }
    if (because.length > 0) found.push([kind, [...new Set(because)]]);
  }
  return found;
}
