// Splits a script that starts several servers (concurrently, npm-run-all -p, run-p, `a & b`) into the commands it runs, each with its folder.
import { runScript } from './package-manager.js';
import type { PackageManager } from '../lockfiles.js';
import { joinPath, type ProjectFiles } from './project-files.js';
import { readPackageJson, type ScriptToRun } from './node-detector.js';

export interface Component extends ScriptToRun {
  /** The folder it runs in, relative to the project root. */
  readonly dir: string;
}

/** What a wrapper script amounts to: its components, or a task run in every workspace (turbo, nx, lerna, pnpm -r). */
export type WrapperSplit = { readonly kind: 'components'; readonly components: Component[] } | { readonly kind: 'workspaces'; readonly task: string };

const MAX_DEPTH = 4;

/** Null when `script` is not a wrapper of several servers. */
export function splitWrapper(files: ProjectFiles, dir: string, script: string, manager: PackageManager, depth = 0): WrapperSplit | null {
  const words = shellWords(script);
  const program = words[0] ?? '';
  const task = workspaceTask(words);
  if (task !== null) return { kind: 'workspaces', task };
  let parts: Array<{ text: string; name?: string }> | null = null;
  if (/^(?:npx\s+)?concurrently$/.test(program) || (program === 'npx' && words[1] === 'concurrently')) parts = concurrentlyParts(words.slice(program === 'npx' ? 2 : 1));
  else if (program === 'run-p' || (program === 'npm-run-all' && words.some((word) => word === '-p' || word === '--parallel'))) {
    parts = words.slice(1).filter((word) => !word.startsWith('-')).map((word) => ({ text: `npm:${word}` }));
  } else if (/(?:^|[^&])&(?:[^&]|$)/.test(script.replace(/'[^']*'|"[^"]*"/g, ''))) {
    parts = script.split(/(?<!&)&(?!&)/).map((text) => ({ text: text.trim() })).filter((part) => part.text !== '');
  }
  if (parts === null) return null;
  const components: Component[] = [];
  for (const part of parts) components.push(...componentsOf(files, dir, part.text, manager, depth, part.name));
  return { kind: 'components', components };
}

/** `turbo dev`, `turbo run dev`, `nx run-many -t dev`, `lerna run dev`, `pnpm -r dev`, `pnpm --parallel -r run dev`: the task name. */
function workspaceTask(words: readonly string[]): string | null {
  const rest = words[0] === 'npx' || (words[0] === 'pnpm' && words[1] === 'exec') ? words.slice(words[0] === 'npx' ? 1 : 2) : words;
  const [program, ...args] = rest;
  const plain = args.filter((word) => !word.startsWith('-'));
  if (program === 'turbo') return (plain[0] === 'run' ? plain[1] : plain[0]) ?? null;
  if (program === 'lerna' && plain[0] === 'run') return plain[1] ?? null;
  if (program === 'nx' && plain[0] === 'run-many') {
    const flag = args.findIndex((word) => word === '-t' || word === '--target' || word === '--targets');
    const inline = args.find((word) => /^--targets?=/.test(word));
    return inline?.split('=')[1]?.split(',')[0] ?? (flag >= 0 ? (args[flag + 1]?.split(',')[0] ?? null) : null);
  }
  if (program === 'pnpm' && args.some((word) => word === '-r' || word === '--recursive')) {
    const named = plain.filter((word) => word !== 'run');
    return named[0] ?? null;
  }
  return null;
}

/** concurrently's arguments: its options skipped (`-n a,b` names kept), each remaining word a command. */
function concurrentlyParts(args: readonly string[]): Array<{ text: string; name?: string }> {
  const withValue = new Set(['-n', '--names', '-c', '--prefix-colors', '-p', '--prefix', '-l', '--prefix-length', '-t', '--timestamp-format', '--default-input-target', '--restart-tries', '--restart-after', '-s', '--success', '--handle-input', '--max-processes', '-m', '--kill-signal', '--hide', '--pad-prefix', '--teardown', '-P', '--passthrough-arguments']);
  let names: string[] = [];
  const commands: string[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const word = args[index] ?? '';
    if (word.startsWith('-')) {
      const [flag, inline] = word.split('=', 2);
      if (flag === '-n' || flag === '--names') names = (inline ?? args[index + 1] ?? '').split(',');
      if (inline === undefined && withValue.has(flag ?? '')) index += 1;
      continue;
    }
    commands.push(word);
  }
  return commands.map((text, index) => ({ text, ...(names[index] ? { name: names[index] } : {}) }));
}

/** One part of a wrapper as the components it runs (a part naming a wrapper script splits further). */
function componentsOf(files: ProjectFiles, dir: string, text: string, manager: PackageManager, depth: number, name?: string): Component[] {
  if (depth >= MAX_DEPTH) return [];
  const npmTarget = /^(?:npm|yarn|pnpm|bun):(.+)$/.exec(text);
  if (npmTarget?.[1] !== undefined) {
    return scriptNames(files, dir, npmTarget[1]).flatMap((script) => scriptComponents(files, dir, script, manager, depth, name));
  }
  const cd = /^cd\s+(\S+)\s*&&\s*(.+)$/.exec(text);
  if (cd?.[1] !== undefined && cd[2] !== undefined) return componentsOf(files, joinPath(dir, cd[1].replace(/^\.\//, '').replace(/\/$/, '')), cd[2], manager, depth, name);
  const run = runTarget(text);
  if (run !== null) return scriptComponents(files, run.folder === null ? dir : joinPath(dir, run.folder), run.script, manager, depth, name);
  return [{ dir, scriptName: null, script: text, command: text, ...(name === undefined ? {} : { name }) }];
}

/** A package.json script as a component, or its components when it is a wrapper itself. */
function scriptComponents(files: ProjectFiles, dir: string, scriptName: string, manager: PackageManager, depth: number, name?: string): Component[] {
  const script = readPackageJson(files, dir)?.scripts?.[scriptName];
  if (typeof script !== 'string') return [];
  const inner = splitWrapper(files, dir, script, manager, depth + 1);
  if (inner?.kind === 'components') return inner.components;
  const wanted = name ?? (dir === '.' || scriptName.includes(':') ? componentName(scriptName) : undefined);
  return [{ dir, scriptName, script, command: runScript(manager, scriptName), ...(wanted === undefined ? {} : { name: wanted }) }];
}

/** `dev:server` → server, `api:dev` → api, `web:vite` → web: the script's name without the verbs. */
function componentName(scriptName: string): string {
  const parts = scriptName.split(':').filter((part) => !/^(?:dev|start|serve|watch|run)$/.test(part));
  return parts[0] ?? scriptName;
}

/** `npm run dev`, `npm start`, `yarn dev`, `pnpm dev`, `bun run dev`, with `--prefix D` / `-C D` / `--cwd D` / `--dir D`: the script and folder. */
function runTarget(text: string): { script: string; folder: string | null } | null {
  const words = shellWords(text);
  if (!/^(?:npm|yarn|pnpm|bun)$/.test(words[0] ?? '')) return null;
  let folder: string | null = null;
  const plain: string[] = [];
  for (let index = 1; index < words.length; index += 1) {
    const word = words[index] ?? '';
    const [flag, inline] = word.split('=', 2);
    if (flag === '--prefix' || flag === '-C' || flag === '--cwd' || flag === '--dir') {
      folder = inline ?? words[index + 1] ?? null;
      if (inline === undefined) index += 1;
    } else if (!word.startsWith('-')) plain.push(word);
  }
  const script = plain[0] === 'run' || plain[0] === 'run-script' ? plain[1] : plain[0];
  if (script === undefined || (words[0] === 'bun' && plain[0] !== 'run')) return null;
  return { script, folder: folder?.replace(/^\.\//, '').replace(/\/$/, '') ?? null };
}

/** The scripts a name or pattern (`dev:*`) names, in package.json order. */
function scriptNames(files: ProjectFiles, dir: string, pattern: string): string[] {
  const scripts = Object.keys(readPackageJson(files, dir)?.scripts ?? {});
  if (!pattern.includes('*')) return scripts.includes(pattern) ? [pattern] : [];
  const regex = new RegExp(`^${pattern.split('*').map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^:]*')}$`);
  return scripts.filter((script) => regex.test(script));
}

/** Words of a shell line, with '…' and "…" quoting (enough for package.json scripts). */
export function shellWords(text: string): string[] {
  const words: string[] = [];
  const pattern = /"((?:\\.|[^"\\])*)"|'([^']*)'|(\S+)/g;
  for (let match = pattern.exec(text); match !== null; match = pattern.exec(text)) {
    words.push(match[1] !== undefined ? match[1].replace(/\\(["\\])/g, '$1') : (match[2] ?? match[3] ?? ''));
  }
  return words;
}
