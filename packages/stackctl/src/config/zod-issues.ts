// Turns zod issues into problems at key paths, with plain-language messages and "did you mean" for unknown keys.
import { z } from 'zod';
import { suggestion } from './did-you-mean.js';
import type { KeyPath, ProblemDraft } from './problem.js';

const TYPE_NAMES: Readonly<Record<string, string>> = {
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  object: 'a map',
  record: 'a map',
  array: 'a list',
};

/** The per-parse error map: messages for issues whose schema did not set its own. */
export const configErrorMap: z.core.$ZodErrorMap = (issue) => {
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return 'is required';
    return `expected ${TYPE_NAMES[issue.expected] ?? issue.expected}, got ${describeValue(issue.input)}`;
  }
  if (issue.code === 'invalid_value') return `must be one of ${issue.values.map(String).join(', ')}`;
  return undefined;
};

export function describeValue(value: unknown): string {
  if (value === null) return 'null (an empty value)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return `a string (${JSON.stringify(value)})`;
  if (typeof value === 'boolean') return String(value);
  return `a ${typeof value} (${String(value)})`;
}

export function issuesToDrafts(
  issues: readonly z.core.$ZodIssue[],
  schema: z.ZodType,
  prefix: KeyPath = [],
): ProblemDraft[] {
  const drafts: ProblemDraft[] = [];
  for (const issue of issues) {
    const path = [...prefix, ...issue.path.filter((segment) => typeof segment !== 'symbol')];
    if (issue.code === 'unrecognized_keys') {
      const known = keysAt(schema, path).filter((key) => !key.startsWith('$'));
      for (const key of issue.keys) {
        const hint = suggestion(key, known) || (known.length > 0 ? ` (known keys: ${known.join(', ')})` : '');
        drafts.push({ path: [...path, key], message: `unknown key ${key}${hint}`, at: 'key' });
      }
    } else if (issue.code === 'invalid_union') {
      // When only one branch fits the value's type, its issues say more than "must be X or Y".
      const wrongType = (inner: z.core.$ZodIssue): boolean => inner.path.length === 0 && inner.code === 'invalid_type';
      const fitting = issue.errors.filter((branch) => !branch.every(wrongType));
      if (fitting.length === 1 && fitting[0]) drafts.push(...issuesToDrafts(fitting[0], schema, path));
      else drafts.push({ path, message: issue.message });
    } else if (issue.code === 'invalid_key') {
      drafts.push({ path, message: issue.issues[0]?.message ?? issue.message, at: 'key' });
    } else {
      drafts.push({ path, message: issue.message });
    }
  }
  return dedupe(drafts);
}

/** The keys an object in the schema allows at a path, through optionals, defaults, pipes, unions, records and lists. */
export function keysAt(schema: z.core.$ZodType, path: KeyPath): string[] {
  const keys = new Set<string>();
  const walk = (node: z.core.$ZodType, index: number): void => {
    const wrapper =
      node instanceof z.ZodOptional || node instanceof z.ZodNullable || node instanceof z.ZodDefault || node instanceof z.ZodPrefault;
    if (wrapper) {
      walk(node.unwrap() as z.core.$ZodType, index);
    } else if (node instanceof z.ZodPipe) {
      walk(node.in as z.core.$ZodType, index);
    } else if (node instanceof z.ZodUnion) {
      for (const option of node.options as readonly z.core.$ZodType[]) walk(option, index);
    } else if (node instanceof z.ZodObject) {
      const segment = path[index];
      if (index === path.length) for (const key of Object.keys(node.shape)) keys.add(key);
      else if (typeof segment === 'string' && segment in node.shape) walk(node.shape[segment] as z.core.$ZodType, index + 1);
    } else if (node instanceof z.ZodRecord && index < path.length) {
      walk(node.valueType as z.core.$ZodType, index + 1);
    } else if (node instanceof z.ZodArray && index < path.length) {
      walk(node.element as z.core.$ZodType, index + 1);
    }
  };
  walk(schema, 0);
  return [...keys];
}

function dedupe(drafts: readonly ProblemDraft[]): ProblemDraft[] {
  const seen = new Set<string>();
  return drafts.filter((draft) => {
    const key = `${draft.path.join('\0')}\0${draft.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
