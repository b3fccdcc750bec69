// What `stackctl __complete <words…>` prints: the candidates for the last word, given the words before it.
import type { CommandSpec, FlagSpec } from './command-tree.js';

export interface CompletionInput {
  /** The words after `stackctl`, the last one being the word under the cursor (possibly empty). */
  readonly words: readonly string[];
  readonly tree: CommandSpec;
  /** Called only when service names are wanted; gets the `-c/--config` value typed so far, if any. */
  readonly serviceNames: (configPath: string | undefined) => readonly string[];
}

export function completeWords({ words, tree, serviceNames }: CompletionInput): string[] {
  const current = words[words.length - 1] ?? '';
  const before = words.slice(0, -1);
  let node = tree;
  let configPath: string | undefined;
  const positionals: string[] = [];
  const flagsOf = (spec: CommandSpec): readonly FlagSpec[] => (spec === tree ? tree.flags : [...spec.flags, ...tree.flags]);

  for (let index = 0; index < before.length; index += 1) {
    const word = before[index] ?? '';
    if (word === '--') continue;
    if (word.startsWith('-')) {
      const [name, inlineValue] = word.split('=', 2);
      const flag = flagsOf(node).find((spec) => spec.names.includes(name ?? ''));
      if (flag?.takesValue === true && inlineValue === undefined) {
        if (name === '-c' || name === '--config') configPath = before[index + 1];
        index += 1;
      } else if (name === '--config') {
        configPath = inlineValue;
      }
      continue;
    }
    const sub = positionals.length === 0 ? node.subcommands.find((spec) => spec.name === word) : undefined;
    if (sub !== undefined) node = sub;
    else positionals.push(word);
  }

  const previous = before[before.length - 1];
  const expectsValue = previous !== undefined && flagsOf(node).some((spec) => spec.takesValue && spec.names.includes(previous));
  if (expectsValue) return [];
  if (current.startsWith('-')) return filter(flagsOf(node).flatMap((spec) => spec.names.filter((name) => name.startsWith('--'))), current, positionals);

  const candidates: string[] = positionals.length === 0 ? node.subcommands.map((spec) => spec.name) : [];
  const argument = node.argument;
  if (argument?.kind === 'choices' && positionals.length === 0) candidates.push(...argument.choices);
  if (argument?.kind === 'services' && (argument.variadic || positionals.length === 0)) candidates.push(...serviceNames(configPath));
  return filter(candidates, current, positionals);
}

/** Those starting with `prefix`, without repeats or words already typed. */
function filter(candidates: readonly string[], prefix: string, typed: readonly string[]): string[] {
  return [...new Set(candidates)].filter((candidate) => candidate.startsWith(prefix) && !typed.includes(candidate));
}
