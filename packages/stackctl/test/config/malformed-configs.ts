// Generates malformed configs across every class (syntax, types at every key, rules, aliases, modules, files), each with what it must answer.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface MalformedConfig {
  /** Unique, readable: `<class>: <what>`. */
  readonly name: string;
  /** Files to write (relative path → content, Buffer for bytes); `special` makes the odd ones. */
  readonly files: Readonly<Record<string, string | Buffer>>;
  /** A FIFO, a socket, a folder or a dangling link at this name, made in the project. */
  readonly special?: { readonly kind: 'fifo' | 'socket' | 'folder' | 'dangling-link'; readonly name: string };
  /** `--config` for the load (a path relative to the project, or absolute). */
  readonly configPath?: string;
  /** The file the error names, as displayed. */
  readonly file: string;
  readonly code: 'E_CONFIG_INVALID' | 'E_CONFIG_NOT_FOUND';
  /** The first error detail carries `file:LINE:COL`. */
  readonly located: boolean;
  /** Part of some detail. */
  readonly says: string;
  /** STACKCTL_CONFIG_TIMEOUT_MS for this case (the one that waits for the limit). */
  readonly timeoutMs?: number;
}

const YAML = 'stackctl.yaml';
const ok = 'command: node server.js';

function yaml(name: string, text: string, says: string, located = true): MalformedConfig {
  return { name, files: { [YAML]: text }, file: YAML, code: 'E_CONFIG_INVALID', located, says };
}

/** A service key given a wrong value, inside an otherwise valid config. */
function serviceKey(key: string, value: string, says: string): MalformedConfig {
  const base = key === 'command' ? '' : `    ${ok}\n`;
  return yaml(`wrong value: services.api.${key} = ${value}`, `services:\n  api:\n${base}    ${key}: ${value}\n`, says);
}

const SERVICE_VALUES: readonly (readonly [string, string, string])[] = [
  ['command', '42', 'command'],
  ['command', '[]', 'command'],
  ['command', '{ run: x }', 'command'],
  ['cwd', '7', 'expected a string'],
  ['cwd', './does-not-exist', 'does-not-exist'],
  ['env', '[A, B]', 'expected a map'],
  ['env', 'A=1', 'expected a map'],
  ['env', '{ A: [1] }', 'services.api.env.A'],
  ['env_file', '12', 'env_file'],
  ['env_file', 'missing.env', 'missing.env'],
  ['port', 'http', 'must be a whole number from 1 to 65535'],
  ['port', '0', 'must be a whole number from 1 to 65535'],
  ['port', '70000', 'must be a whole number from 1 to 65535'],
  ['port', '80.5', 'must be a whole number from 1 to 65535'],
  ['ports', '4000', 'ports'],
  ['ports', '[4000, -1]', 'must be a whole number from 1 to 65535'],
  ['health', 'yes', 'health'],
  ['health', '{}', 'health'],
  ['health', '{ http: 42 }', 'health.http'],
  ['health', '{ http: "ftp://x" }', 'health.http'],
  ['health', '{ tcp: "nowhere" }', 'health.tcp'],
  ['health', '{ tcp: 5432, http: "http://127.0.0.1" }', 'health'],
  ['health', '{ tcp: 5432, interval: 2sec }', 'must be a duration'],
  ['health', '{ tcp: 5432, timeout: 0s }', 'must be longer than 0ms'],
  ['health', '{ tcp: 5432, retries: -2 }', 'health.retries'],
  ['health', '{ tcp: 5432, start_period: soon }', 'must be a duration'],
  ['health', '{ tcp: 5432, expect_status: [200] }', 'expect_status'],
  ['health', '{ tcp: 5432, intervall: 2s }', 'did you mean interval?'],
  ['depends_on', '7', 'depends_on'],
  ['depends_on', '[ghost]', 'ghost'],
  ['depends_on', '{ api: started }', 'api'],
  ['restart', 'sometimes', 'restart'],
  ['restart', '[always]', 'restart'],
  ['max_restarts', '-1', 'max_restarts'],
  ['max_restarts', 'many', 'max_restarts'],
  ['restart_window', 'forever', 'must be a duration'],
  ['stop_signal', 'SIGFOO', 'stop_signal'],
  ['stop_signal', '99', 'stop_signal'],
  ['stop_timeout', '-1', '(a bare number means seconds)'],
  ['stop_timeout', '10 parsecs', 'must be a duration'],
  ['logs', 'big', 'logs'],
  ['logs', '{ max_size: lots }', 'must be a size'],
  ['logs', '{ max_files: 0 }', 'logs.max_files'],
  ['logs', '{ rotate: daily }', 'unknown key rotate'],
  ['setup', '12', 'setup'],
  ['setup', '[]', 'setup'],
  ['depend_on', '[db]', 'did you mean depends_on?'],
  ['comand', 'x', 'did you mean command?'],
];

function yamlCases(): MalformedConfig[] {
  return [
    yaml('YAML syntax: unclosed flow sequence', `services:\n  api:\n    command: [node, server.js\n  web:\n    ${ok}\n`, 'YAML syntax'),
    yaml('YAML syntax: unterminated quote', `services:\n  api:\n    command: "node server.js\n`, 'YAML syntax'),
    yaml('YAML syntax: tab indentation', `services:\n\tapi:\n\t\t${ok}\n`, 'YAML syntax'),
    yaml('YAML syntax: bad indentation', `services:\n  api:\n    ${ok}\n   port: 1\n`, 'YAML syntax'),
    yaml('YAML syntax: duplicate key', `services:\n  api:\n    ${ok}\n    ${ok}\n`, 'Map keys must be unique'),
    yaml('YAML syntax: two documents', `services:\n  api: { ${ok} }\n---\nservices: {}\n`, 'YAML syntax'),
    yaml('YAML syntax: a stray mapping colon', `services:\n  api: :\n`, 'YAML syntax'),
    yaml('YAML syntax: an unclosed flow map', `services: { api: { ${ok} }\n`, 'YAML syntax'),
    yaml('shape: the top level is a list', `- services\n- api\n`, 'expected a map'),
    yaml('shape: the top level is a string', `just some text\n`, 'expected a map'),
    yaml('shape: services is a list', `services:\n  - api\n`, 'services'),
    yaml('shape: services is empty', `services: {}\n`, 'services'),
    yaml('shape: a service is a string', `services:\n  api: node server.js\n`, 'services.api'),
    yaml('shape: a service is null', `services:\n  api:\n`, 'services.api'),
    yaml('shape: a service without a command', `services:\n  api:\n    port: 4000\n`, 'services.api.command'),
    yaml('shape: an invalid service name', `services:\n  "bad/name": { ${ok} }\n`, 'bad/name'),
    yaml('shape: name is a number', `name: 12\nservices:\n  api: { ${ok} }\n`, 'name'),
    yaml('shape: an unknown top-level key', `services:\n  api: { ${ok} }\nfrobnicate: true\n`, 'unknown key frobnicate'),
    yaml('shape: database is a string', `services:\n  api: { ${ok} }\ndatabase: sqlite\n`, 'database'),
    yaml('shape: database.url of an unknown scheme', `services:\n  api: { ${ok} }\ndatabase:\n  url: mysql://x\n`, 'database.url'),
    yaml('shape: database.tool unknown', `services:\n  api: { ${ok} }\ndatabase:\n  url: sqlite:./a.db\n  tool: flyway\n`, 'database.tool'),
    yaml('rules: a dependency cycle', `services:\n  a: { ${ok}, depends_on: [b] }\n  b: { ${ok}, depends_on: [a] }\n`, 'a → b → a'),
    yaml('rules: a service depending on itself', `services:\n  a: { ${ok}, depends_on: [a] }\n`, 'depends_on'),
    yaml('rules: a long cycle', `services:\n  a: { ${ok}, depends_on: [b] }\n  b: { ${ok}, depends_on: [c] }\n  c: { ${ok}, depends_on: [a] }\n`, '→'),
    yaml('rules: healthy on a service without a check', `services:\n  db: { ${ok} }\n  api: { ${ok}, depends_on: { db: healthy } }\n`, 'health'),
    yaml('rules: an unknown dependency condition', `services:\n  db: { ${ok} }\n  api: { ${ok}, depends_on: { db: ready } }\n`, 'depends_on'),
    yaml('rules: one port on two services', `services:\n  a: { ${ok}, port: 4000 }\n  b: { ${ok}, port: 4000 }\n`, 'port 4000 is also used'),
    yaml('rules: port and ports together', `services:\n  a: { ${ok}, port: 4000, ports: [4001] }\n`, 'port'),
    yaml('aliases: an alias without an anchor', `services:\n  api: *nope\n`, 'alias *nope has no anchor'),
    yaml('aliases: an alias bomb', aliasBomb(), 'an "alias bomb"'),
    yaml('aliases: a merge key on a scalar', `base: &b hello\nservices:\n  api:\n    <<: *b\n    ${ok}\n`, 'a merge key (<<) takes a map'),
    yaml('aliases: a merge key on a number', `services:\n  api:\n    <<: 3\n    ${ok}\n`, 'a merge key (<<) takes a map'),
    yaml('aliases: an alias inside its anchor', `services: &s\n  api: *s\n`, '(a cycle)'),
    yaml('content: an empty file', '', 'the config is empty', false),
    yaml('content: only comments', '# nothing here\n', 'the config is empty', false),
    yaml('content: only whitespace', '   \n\n', 'the config is empty', false),
    yaml('content: a byte-order mark and nothing', '\uFEFF', 'the config is empty', false),
    yaml('content: a byte-order mark before bad YAML', `\uFEFFservices:\n  api: [\n`, 'YAML syntax'),
    ...SERVICE_VALUES.map(([key, value, says]) => serviceKey(key, value, says)),
  ];
}

function aliasBomb(): string {
  const lines = ['l0: &l0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let level = 1; level <= 9; level += 1) lines.push(`l${level}: &l${level} [${Array(10).fill(`*l${level - 1}`).join(', ')}]`);
  return `${lines.join('\n')}\nservices:\n  api: { ${ok} }\n`;
}

function jsonCases(): MalformedConfig[] {
  const json = (name: string, text: string, says: string, located = true): MalformedConfig => ({
    name: `JSON: ${name}`,
    files: { 'stackctl.json': text },
    file: 'stackctl.json',
    code: 'E_CONFIG_INVALID',
    located,
    says,
  });
  return [
    json('unclosed braces', '{\n  "services": {\n    "api": { "command": "x" \n', 'YAML syntax'),
    json('a missing comma', '{\n  "services": {\n    "api": { "command": "x" "port": 1 }\n  }\n}\n', 'YAML syntax'),
    json('a string port', '{\n  "services": {\n    "api": { "command": "x", "port": "4000" }\n  }\n}\n', 'must be a whole number'),
    json('services as a number', '{ "services": 5 }\n', 'services'),
    json('a duplicate key', '{ "services": { "api": { "command": "x", "command": "y" } } }\n', 'Map keys must be unique'),
    json('an unknown key', '{ "services": { "api": { "command": "x", "prot": 1 } } }\n', 'unknown key prot'),
  ];
}

function moduleCases(): MalformedConfig[] {
  const module = (name: string, file: string, text: string, says: string, located = true): MalformedConfig => ({
    name: `module: ${name}`,
    files: { [file]: text },
    file,
    code: 'E_CONFIG_INVALID',
    located,
    says,
  });
  const ts = 'stackctl.config.ts';
  const mjs = 'stackctl.config.mjs';
  return [
    module('TS syntax error', ts, 'const a: number = 1;\nexport default { services: { api: { command: "x" } ;\n', 'syntax error'),
    module('JS syntax error', mjs, 'export default { services: { api: { command: "x" }}}}\n', 'syntax error'),
    module('TS throws', ts, 'const n: number = 1;\nthrow new Error("boom");\nexport default {};\n', 'threw an error: boom'),
    module('JS throws a TypeError', 'stackctl.config.js', 'export default { services: null.api };\n', 'threw TypeError'),
    module('a rejected default export', ts, 'export default Promise.reject(new Error("sealed"));\n', 'promise that was rejected'),
    module('a function that throws', mjs, 'export default () => {\n  throw new Error("no");\n};\n', 'the default-exported function failed'),
    module('process.exit(0)', ts, 'process.exit(0);\nexport default {};\n', 'called process.exit(0)'),
    module('process.exit(1) in the factory', mjs, 'export default async () => process.exit(1);\n', 'called process.exit(1)'),
    module('a top-level await that never settles', ts, 'await new Promise(() => {});\nexport default {};\n', 'never finished loading', false),
    { ...module('a busy loop', mjs, 'while (true) {}\n', 'did not finish loading within', false), timeoutMs: 1000 },
    module('no default export', ts, 'export const services = {};\n', 'has no default export', false),
    module('a default export of null', mjs, 'export default null;\n', 'the config is empty', false),
    module('a default export of a string', mjs, 'export default "services";\n', 'expected a map', false),
    module('a function where a command goes', ts, 'export default { services: {\n  api: { command: () => "x" } } };\n', 'is a function'),
    module('a wrong type, at its key', ts, 'export default {\n  services: {\n    api: { command: "x", port: "http" },\n  },\n};\n', 'must be a whole number'),
    module('an unknown key, at its key', mjs, 'export default {\n  services: {\n    api: { command: "x", restrat: "always" },\n  },\n};\n', 'did you mean restart?'),
    module('a cycle through a variable', ts, 'const a = { command: "x", depends_on: ["b"] };\nconst b = { command: "y", depends_on: ["a"] };\nexport default { services: { a, b } };\n', '→'),
    module('a missing import', ts, 'import { x } from "./nowhere";\nexport default x;\n', 'Cannot find module'),
  ];
}

function fileCases(): MalformedConfig[] {
  const special = (kind: 'fifo' | 'socket' | 'folder' | 'dangling-link', name: string, says: string): MalformedConfig => ({
    name: `file: a ${kind} named ${name}`,
    files: {},
    special: { kind, name },
    file: name,
    code: 'E_CONFIG_INVALID',
    located: false,
    says,
  });
  return [
    special('fifo', YAML, 'is a FIFO (named pipe), not a regular file'),
    special('fifo', 'stackctl.config.ts', 'is a FIFO (named pipe), not a regular file'),
    special('socket', YAML, 'is a socket, not a regular file'),
    special('folder', 'stackctl.json', 'is a folder, not a regular file'),
    special('dangling-link', YAML, 'which does not exist'),
    { name: 'file: /dev/zero as --config', files: {}, configPath: '/dev/zero', file: '/dev/zero', code: 'E_CONFIG_INVALID', located: false, says: 'is a character device' },
    { name: 'file: /dev/null as --config', files: {}, configPath: '/dev/null', file: '/dev/null', code: 'E_CONFIG_INVALID', located: false, says: 'is a character device' },
    { name: 'file: a huge file', files: { [YAML]: `services: {}\n#${'x'.repeat(1_100_000)}\n` }, file: YAML, code: 'E_CONFIG_INVALID', located: false, says: 'a config file may be at most 1MB' },
    { name: 'file: binary garbage', files: { [YAML]: Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0xff]) }, file: YAML, code: 'E_CONFIG_INVALID', located: true, says: 'holds binary data' },
    { name: 'file: Latin-1 text', files: { [YAML]: Buffer.from('services:\n  caf\xe9: { command: x }\n', 'latin1') }, file: YAML, code: 'E_CONFIG_INVALID', located: true, says: 'is not valid UTF-8' },
    { name: 'file: a Procfile line without a colon', files: { Procfile: 'web: node server.js\nworker node worker.js\n' }, file: 'Procfile', code: 'E_CONFIG_INVALID', located: true, says: 'name: command' },
    // Nothing at the path: "not found" is the truth, and the answer names the path.
    { name: 'file: --config naming nothing', files: {}, configPath: 'nothing.yaml', file: 'nothing.yaml', code: 'E_CONFIG_NOT_FOUND', located: false, says: 'config file not found' },
  ];
}

/** Every generated case (over a hundred), names unique. */
export function malformedConfigs(): MalformedConfig[] {
  return [...yamlCases(), ...jsonCases(), ...moduleCases(), ...fileCases()];
}

/** Writes the case's files (and its special file) into `root`; returns what to close afterwards. */
export async function writeMalformed(root: string, config: MalformedConfig): Promise<() => Promise<void>> {
  for (const [name, content] of Object.entries(config.files)) fs.writeFileSync(path.join(root, name), content);
  const special = config.special;
  if (special === undefined) return async () => {};
  const target = path.join(root, special.name);
  if (special.kind === 'fifo') execFileSync('mkfifo', [target]);
  if (special.kind === 'folder') fs.mkdirSync(target);
  if (special.kind === 'dangling-link') fs.symlinkSync('gone.yaml', target);
  if (special.kind === 'socket') {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(target, resolve));
    return () => new Promise((resolve) => server.close(() => resolve()));
  }
  return async () => {};
}
