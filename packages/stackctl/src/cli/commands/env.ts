// `stackctl env setup|show|check|set|unset|diff`: the project's (or a service's) `.env` against its `.env.example`.
import path from 'node:path';
import { didYouMean } from '../../config/did-you-mean.js';
import { discoverConfig } from '../../config/discover.js';
import { StackctlError } from '../../errors/index.js';
import {
  checkEnv,
  diffEnv,
  documentValues,
  isSecret,
  locateEnv,
  maskValue,
  parseAssignments,
  readDocument,
  readKeySpecs,
  readRequired,
  readConfigEnvFiles,
  setDotenvValue,
  setupEnv,
  unsetDotenvValue,
  writeDocumentAtomically,
  type EnvTarget,
  type KeySpec,
} from '../../project/env/index.js';
import { askLine, stdinIsTerminal } from '../ask-line.js';
import { jsonText, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';

export type EnvAction = 'setup' | 'show' | 'check' | 'set' | 'unset' | 'diff';

export interface EnvOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly action: EnvAction;
  readonly service?: string | undefined;
  readonly file?: string | undefined;
  /** `set`: KEY=VALUE pairs; `unset`: keys. */
  readonly args?: readonly string[];
  /** `setup`: `--set KEY=VALUE`. */
  readonly sets?: readonly string[];
  readonly yes?: boolean;
  readonly reveal?: boolean;
}

export async function runEnv(options: EnvOptions): Promise<number> {
  // The config is only located and read, not resolved: a missing .env (what `setup` creates) must not be an error here.
  const found = discoverConfig({ cwd: process.cwd(), configPath: options.globals.config });
  let serviceEnvFiles: readonly string[] | undefined;
  if (options.service !== undefined) {
    const listed = await readConfigEnvFiles(found.path, found.source);
    if (!listed.services.includes(options.service)) {
      const guess = didYouMean(options.service, listed.services);
      throw new StackctlError('E_SERVICE_UNKNOWN', `unknown service "${options.service}"`, {
        hint: guess !== undefined ? `did you mean ${guess}?` : `known services: ${listed.services.join(', ')}`,
      });
    }
    serviceEnvFiles = listed.envFiles[options.service];
  }
  const target = locateEnv({ configPath: found.path, file: options.file, service: options.service, serviceEnvFiles, cwd: process.cwd() });
  switch (options.action) {
    case 'setup':
      return setup(target, options);
    case 'show':
      return show(target, options);
    case 'check':
      return check(target, options);
    case 'set':
      return set(target, options);
    case 'unset':
      return unset(target, options);
    case 'diff':
      return diff(target, options);
  }
}

const shown = (file: string): string => path.relative(process.cwd(), file) || file;

function readExample(target: EnvTarget) {
  return readRequired(target.example, 'the example', `create ${path.basename(target.example)} listing the keys (KEY=default), or pass --file`);
}

function readEnvFile(target: EnvTarget) {
  return readRequired(target.file, 'the env file', 'run `stackctl env setup` to create it from the example');
}

async function setup(target: EnvTarget, options: EnvOptions): Promise<number> {
  const example = readExample(target);
  const existing = readDocument(target.file);
  const interactive = stdinIsTerminal();
  const ask = async (spec: KeySpec): Promise<string> => {
    const label = spec.description === '' ? spec.key : `${spec.key} (${spec.description})`;
    const answer = await askLine(`${label}${spec.example === '' ? '' : ` [${isSecret(spec.key, spec) ? maskValue(spec.example) : spec.example}]`}: `, options.stderr);
    return answer === null || answer === '' ? spec.example : answer;
  };
  const result = await setupEnv({
    example,
    specs: readKeySpecs(example),
    existing,
    sets: parseAssignments(options.sets ?? []),
    yes: options.yes === true,
    ask: interactive ? ask : null,
  });
  writeDocumentAtomically(target.file, result.document);
  if (options.globals.json) {
    options.stdout(jsonText({ file: target.file, created: existing === null, keys: result.actions }));
  } else {
    options.stdout(`${existing === null ? 'created' : 'updated'} ${shown(target.file)} from ${shown(target.example)}\n`);
    for (const { key, action } of result.actions) options.stdout(`  ${key}: ${action}\n`);
  }
  return 0;
}

function show(target: EnvTarget, options: EnvOptions): number {
  const values = documentValues(readEnvFile(target));
  const exampleDoc = readDocument(target.example);
  const specs = new Map((exampleDoc === null ? [] : readKeySpecs(exampleDoc)).map((spec) => [spec.key, spec]));
  const visible = Object.fromEntries(
    Object.entries(values).map(([key, value]) => [key, options.reveal === true || !isSecret(key, specs.get(key)) ? value : maskValue(value)]),
  );
  if (options.globals.json) options.stdout(jsonText({ file: target.file, values: visible }));
  else for (const [key, value] of Object.entries(visible)) options.stdout(`${key}=${value}\n`);
  return 0;
}

function check(target: EnvTarget, options: EnvOptions): number {
  const specs = readKeySpecs(readExample(target));
  const document = readDocument(target.file);
  const problems = checkEnv(specs, document === null ? {} : documentValues(document));
  if (options.globals.json) {
    options.stdout(jsonText({ file: target.file, ok: problems.length === 0, problems }));
  } else if (problems.length === 0) {
    options.stdout(`${shown(target.file)}: every key of ${shown(target.example)} is set\n`);
  } else {
    options.stdout(`${shown(target.file)}: ${problems.length} problem${problems.length === 1 ? '' : 's'} against ${shown(target.example)}\n`);
    for (const problem of problems) options.stdout(`  ${problem.key}: ${problem.message}\n`);
    options.stderr(`hint: run \`stackctl env setup\` or \`stackctl env set KEY=VALUE\`\n`);
  }
  return problems.length === 0 ? 0 : 1;
}

function set(target: EnvTarget, options: EnvOptions): number {
  const assignments = parseAssignments(options.args ?? [], { flag: null, example: 'stackctl env set API_KEY=abc123' });
  let document = readDocument(target.file) ?? { lines: [] };
  for (const [key, value] of Object.entries(assignments)) document = setDotenvValue(document, key, value);
  writeDocumentAtomically(target.file, document);
  if (options.globals.json) options.stdout(jsonText({ file: target.file, set: Object.keys(assignments) }));
  else options.stdout(`set ${Object.keys(assignments).join(', ')} in ${shown(target.file)}\n`);
  return 0;
}

function unset(target: EnvTarget, options: EnvOptions): number {
  const keys = options.args ?? [];
  let document = readEnvFile(target);
  const present = new Set(Object.keys(documentValues(document)));
  const unknown = keys.filter((key) => !present.has(key));
  if (unknown.length > 0) throw new StackctlError('E_USAGE', `${shown(target.file)} does not set ${unknown.join(', ')}`);
  for (const key of keys) document = unsetDotenvValue(document, key);
  writeDocumentAtomically(target.file, document);
  if (options.globals.json) options.stdout(jsonText({ file: target.file, unset: keys }));
  else options.stdout(`removed ${keys.join(', ')} from ${shown(target.file)}\n`);
  return 0;
}

function diff(target: EnvTarget, options: EnvOptions): number {
  const result = diffEnv(documentValues(readExample(target)), documentValues(readEnvFile(target)));
  if (options.globals.json) {
    options.stdout(jsonText({ file: target.file, example: target.example, ...result }));
    return 0;
  }
  const lines = [
    ...result.missing.map((key) => `- ${key}  (missing: in the example only)`),
    ...result.extra.map((key) => `+ ${key}  (extra: not in the example)`),
    ...result.changed.map((key) => `~ ${key}  (changed from the example)`),
  ];
  options.stdout(lines.length === 0 ? `${shown(target.file)} matches ${shown(target.example)}\n` : `${lines.join('\n')}\n`);
  return 0;
}
