// What `.env.example` says about each key: its default, the comment above it, and `# @secret`, `# @generate`, `# @type …` annotations.
import { documentValues, type DotenvDocument } from './dotenv-document.js';

export const VALUE_TYPES = ['url', 'int', 'bool', 'port', 'email'] as const;
export type ValueType = (typeof VALUE_TYPES)[number];

export interface KeySpec {
  readonly key: string;
  /** The example's value: the default `setup --yes` accepts. */
  readonly example: string;
  /** The comment lines above the key, annotations removed: the prompt. */
  readonly description: string;
  readonly secret: boolean;
  readonly generate: boolean;
  readonly type: ValueType | null;
}

const ANNOTATION = /@(secret|generate|type)\b(?:[ \t]+(\S+))?/g;

/** One spec per key of the example, in file order; annotations are read from the comment lines directly above. */
export function readKeySpecs(example: DotenvDocument): KeySpec[] {
  const values = documentValues(example);
  const specs = new Map<string, KeySpec>();
  let comments: string[] = [];
  for (const line of example.lines) {
    if (line.kind === 'comment') {
      comments.push(line.raw.trim().replace(/^#+\s?/, ''));
      continue;
    }
    if (line.kind === 'entry' && !specs.has(line.key)) specs.set(line.key, specFrom(line.key, values[line.key] ?? '', comments));
    comments = [];
  }
  return [...specs.values()];
}

function specFrom(key: string, example: string, comments: readonly string[]): KeySpec {
  let secret = false;
  let generate = false;
  let type: ValueType | null = null;
  const text: string[] = [];
  for (const comment of comments) {
    for (const match of comment.matchAll(ANNOTATION)) {
      if (match[1] === 'secret') secret = true;
      else if (match[1] === 'generate') generate = true;
      else if (match[1] === 'type' && (VALUE_TYPES as readonly string[]).includes(match[2] ?? '')) type = match[2] as ValueType;
    }
    const rest = comment.replace(ANNOTATION, '').trim();
    if (rest !== '') text.push(rest);
  }
  return { key, example, description: text.join(' '), secret: secret || generate, generate, type };
}
