// Reads a Procfile (`name: command` per line) into a config, numbering ports like foreman: 5000, 5100, 5200, …
import { DEFAULTS } from './defaults.js';
import type { KeyPath, ParsedSource, ProblemDraft, SourceLocator, SourcePosition } from './problem.js';

interface ProcfileEntry {
  readonly name: string;
  readonly command: string;
  readonly line: number;
  readonly nameColumn: number;
  readonly commandColumn: number;
}

/**
 * Each service gets `PORT` (5000 + 100 × its index) in its env map and restarts on failure (the default);
 * when `hasEnvFile` is true, the `.env` beside the Procfile is its env_file, as foreman does.
 */
export function parseProcfile(text: string, options: { readonly hasEnvFile: boolean }): ParsedSource {
  const problems: ProblemDraft[] = [];
  const entries = new Map<string, ProcfileEntry>();

  for (const [index, rawLine] of text.split(/\r?\n/).entries()) {
    const line = index + 1;
    const trimmed = rawLine.trim();
    if (trimmed === '' || trimmed.startsWith('#')) continue;
    const indent = rawLine.length - rawLine.trimStart().length;
    const colon = trimmed.indexOf(':');
    const name = colon < 0 ? '' : trimmed.slice(0, colon).trim();
    const command = colon < 0 ? '' : trimmed.slice(colon + 1).trim();
    const position = { line, column: indent + 1 };
    if (colon < 0 || name === '') {
      problems.push({ path: [], message: 'expected a line of the form `name: command`', position });
      continue;
    }
    if (command === '') {
      problems.push({ path: ['services', name, 'command'], message: 'has no command', position });
      continue;
    }
    const previous = entries.get(name);
    if (previous) {
      problems.push({ path: ['services', name], message: `is defined twice (first on line ${previous.line})`, position });
      continue;
    }
    const commandColumn = indent + trimmed.indexOf(command, colon + 1) + 1;
    entries.set(name, { name, command, line, nameColumn: indent + 1, commandColumn });
  }
  if (entries.size === 0 && problems.length === 0) {
    problems.push({ path: [], message: 'defines no services; add lines of the form `name: command`' });
  }

  const services: Record<string, unknown> = {};
  for (const [index, entry] of [...entries.values()].entries()) {
    const port = DEFAULTS.procfile.basePort + index * DEFAULTS.procfile.portStep;
    services[entry.name] = {
      command: entry.command,
      env: { PORT: String(port) },
      ...(options.hasEnvFile ? { env_file: DEFAULTS.procfile.envFile } : {}),
    };
  }
  return { raw: { services }, locator: procfileLocator(entries), problems };
}

/** A service's key points at the start of its line; anything inside it at its command. */
function procfileLocator(entries: ReadonlyMap<string, ProcfileEntry>): SourceLocator {
  return {
    locate(keyPath: KeyPath, at: 'key' | 'value'): SourcePosition | null {
      const entry = keyPath[0] === 'services' && typeof keyPath[1] === 'string' ? entries.get(keyPath[1]) : undefined;
      if (!entry) return null;
      const onKey = keyPath.length === 2 && at === 'key';
      return { line: entry.line, column: onKey ? entry.nameColumn : entry.commandColumn };
    },
  };
}
