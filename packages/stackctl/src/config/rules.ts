// Rules across keys and against the disk; each returns every problem it finds, never stopping at the first.
import fs from 'node:fs';
import path from 'node:path';
import { findCycles } from './dependency-cycles.js';
import { suggestion } from './did-you-mean.js';
import type { KeyPath, ProblemDraft } from './problem.js';
import { isMap, salvageServices, type SalvagedService } from './salvage.js';
import { HEALTH_KINDS, NAME_PATTERN, NAME_RULE } from './schema.js';

export interface RuleContext {
  /** The folder holding the config: cwd and env_file are relative to it. */
  readonly root: string;
  /** A missing env_file is a warning, not an error (for `setup`, `db` and `doctor`, which run before it exists). */
  readonly tolerateMissingEnvFiles?: boolean;
}

type Rule = (services: readonly SalvagedService[], context: RuleContext) => ProblemDraft[];

const RULES: readonly Rule[] = [serviceNames, portsRule, healthKinds, dependencies, paths];

export function checkRules(rawConfig: unknown, context: RuleContext): ProblemDraft[] {
  const problems: ProblemDraft[] = [];
  if (isMap(rawConfig) && isMap(rawConfig.services) && Object.keys(rawConfig.services).length === 0) {
    problems.push({ path: ['services'], message: 'defines no services; add at least one' });
  }
  const services = salvageServices(rawConfig);
  for (const rule of RULES) problems.push(...rule(services, context));
  return problems;
}

const at = (service: string, ...rest: KeyPath): KeyPath => ['services', service, ...rest];

/** Names stackctl keeps for its own files: `.stackctl/logs/stackctl.log` is the tool's log. */
const RESERVED_NAMES: ReadonlySet<string> = new Set(['stackctl']);

function serviceNames(services: readonly SalvagedService[]): ProblemDraft[] {
  const problems: ProblemDraft[] = [];
  for (const service of services) {
    if (!NAME_PATTERN.test(service.name)) {
      problems.push({ path: at(service.name), at: 'key', message: `invalid service name: it ${NAME_RULE}` });
    } else if (RESERVED_NAMES.has(service.name.toLowerCase())) {
      problems.push({ path: at(service.name), at: 'key', message: `the name ${service.name} is reserved for stackctl's own log; choose another` });
    }
  }
  return problems;
}

function portsRule(services: readonly SalvagedService[]): ProblemDraft[] {
  const problems: ProblemDraft[] = [];
  const owners = new Map<number, string>();
  for (const service of services) {
    if ('port' in service.raw && 'ports' in service.raw) {
      problems.push({ path: at(service.name, 'ports'), at: 'key', message: 'use either port or ports, not both' });
    }
    const declared: { port: number; path: KeyPath }[] = [];
    if (service.fields.port !== undefined) declared.push({ port: service.fields.port, path: at(service.name, 'port') });
    for (const [index, port] of (service.fields.ports ?? []).entries()) {
      declared.push({ port, path: at(service.name, 'ports', index) });
    }
    const own = new Set<number>();
    for (const { port, path: keyPath } of declared) {
      const owner = owners.get(port);
      if (own.has(port)) problems.push({ path: keyPath, message: `port ${port} is listed twice` });
      else if (owner !== undefined) problems.push({ path: keyPath, message: `port ${port} is also used by service ${owner}` });
      else owners.set(port, service.name);
      own.add(port);
    }
  }
  return problems;
}

function healthKinds(services: readonly SalvagedService[]): ProblemDraft[] {
  const problems: ProblemDraft[] = [];
  for (const service of services) {
    const health = service.raw.health;
    if (!isMap(health)) continue;
    const kinds = HEALTH_KINDS.filter((kind) => kind in health);
    const [first, second] = kinds;
    if (first === undefined) {
      problems.push({ path: at(service.name, 'health'), message: 'needs exactly one of http, tcp or exec' });
    } else if (second !== undefined) {
      const listed = kinds.length === 2 ? `both ${first} and ${second}` : `${kinds.slice(0, -1).join(', ')} and ${kinds.at(-1)}`;
      const message = `has ${listed}; keep exactly one of http, tcp or exec`;
      problems.push({ path: at(service.name, 'health', second), at: 'key', message });
    }
    if ('expect_status' in health && !('http' in health)) {
      problems.push({ path: at(service.name, 'health', 'expect_status'), at: 'key', message: 'applies only to http checks' });
    }
  }
  return problems;
}

function dependencies(services: readonly SalvagedService[]): ProblemDraft[] {
  const problems: ProblemDraft[] = [];
  const byName = new Map(services.map((service) => [service.name, service]));
  const edges = new Map<string, string[]>();
  for (const service of services) {
    const targets: string[] = [];
    for (const [target, condition] of Object.entries(service.fields.depends_on ?? {})) {
      const keyPath = at(service.name, 'depends_on', target);
      const dependency = byName.get(target);
      if (target === service.name) {
        problems.push({ path: keyPath, at: 'key', message: 'a service cannot depend on itself' });
      } else if (dependency === undefined) {
        const others = services.map((other) => other.name).filter((name) => name !== service.name);
        problems.push({ path: keyPath, at: 'key', message: `unknown service ${target}${suggestion(target, others)}` });
      } else {
        targets.push(target);
        if (condition === 'healthy' && dependency.raw.health == null) {
          problems.push({
            path: keyPath,
            message: `${target} has no health check, so it never becomes healthy; add services.${target}.health or use started`,
          });
        }
        if (condition === 'completed' && dependency.fields.restart === 'always') {
          problems.push({ path: keyPath, severity: 'warning', message: `${target} has restart: always, so it never completes` });
        }
      }
    }
    edges.set(service.name, targets);
  }
  for (const cycle of findCycles([...byName.keys()], edges)) {
    const [from, to] = cycle;
    if (from === undefined || to === undefined) continue;
    problems.push({ path: at(from, 'depends_on', to), at: 'key', message: `dependency cycle: ${cycle.join(' → ')}` });
  }
  return problems;
}

/** `.env.example` (or `<file>.example`, `.env.sample`, `.env.template`) beside a missing env file; null when there is none. */
function envExample(file: string): string | null {
  const dir = path.dirname(file);
  const candidates = [`${file}.example`, `${file}.sample`, path.join(dir, '.env.example'), path.join(dir, '.env.sample'), path.join(dir, '.env.template')];
  return candidates.find((candidate) => fs.statSync(candidate, { throwIfNoEntry: false })?.isFile() === true) ?? null;
}

function paths(services: readonly SalvagedService[], context: RuleContext): ProblemDraft[] {
  const problems: ProblemDraft[] = [];
  for (const service of services) {
    const { cwd, env_file: envFiles } = service.fields;
    if (cwd !== undefined) {
      const folder = path.resolve(context.root, cwd);
      const stat = fs.statSync(folder, { throwIfNoEntry: false });
      if (!stat) problems.push({ path: at(service.name, 'cwd'), message: `folder not found: ${folder}` });
      else if (!stat.isDirectory()) problems.push({ path: at(service.name, 'cwd'), message: `is not a folder: ${folder}` });
    }
    for (const [index, envFile] of (envFiles ?? []).entries()) {
      const keyPath = at(service.name, ...(Array.isArray(service.raw.env_file) ? ['env_file', index] : ['env_file']));
      const file = path.resolve(context.root, envFile);
      const stat = fs.statSync(file, { throwIfNoEntry: false });
      if (!stat) {
        const example = envExample(file);
        const hint =
          context.tolerateMissingEnvFiles === true
            ? ' (`stackctl env setup` creates it from its example)'
            : example === null
              ? ''
              : ` (run \`stackctl setup\` or \`stackctl env setup\` to create it from ${path.basename(example)})`;
        problems.push({ path: keyPath, message: `file not found: ${file}${hint}`, ...(context.tolerateMissingEnvFiles === true ? { severity: 'warning' as const } : {}) });
      } else if (!stat.isFile()) problems.push({ path: keyPath, message: `is not a file: ${file}` });
    }
  }
  return problems;
}
