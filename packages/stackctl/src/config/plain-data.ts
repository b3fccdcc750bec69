// A config module's export copied as plain data (what YAML could have said), with a problem at each value that is not.
import type { KeyPath } from './problem.js';

export interface PlainDataProblem {
  readonly path: KeyPath;
  readonly message: string;
}

export interface PlainData {
  /** Strings, numbers, booleans, null, undefined, lists and maps only: safe to send between threads. */
  readonly value: unknown;
  readonly problems: readonly PlainDataProblem[];
}

const PLAIN = 'a config holds plain data: strings, numbers, true/false, lists and maps';

/**
 * Functions, symbols, class instances (a Date, a Map, a Promise…) and cycles are not config: each is
 * left out and reported where it is, instead of failing to cross to the main thread.
 */
export function toPlainData(root: unknown): PlainData {
  const problems: PlainDataProblem[] = [];
  const ancestors = new Set<object>();
  const copy = (value: unknown, path: KeyPath): unknown => {
    if (value === null || value === undefined) return value;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
    if (typeof value !== 'object') {
      problems.push({ path, message: `is a ${typeof value}; ${PLAIN}` });
      return undefined;
    }
    if (ancestors.has(value)) {
      problems.push({ path, message: 'refers to a map or list that contains it (a cycle)' });
      return undefined;
    }
    const prototype: unknown = Object.getPrototypeOf(value);
    if (!Array.isArray(value) && prototype !== Object.prototype && prototype !== null) {
      problems.push({ path, message: `is ${describeInstance(value)}; ${PLAIN}` });
      return undefined;
    }
    ancestors.add(value);
    try {
      if (Array.isArray(value)) return Array.from(value as unknown[], (item, index) => copy(item, [...path, index]));
      const result: Record<string, unknown> = {};
      for (const key of Object.keys(value)) {
        try {
          result[key] = copy((value as Record<string, unknown>)[key], [...path, key]);
        } catch (error) {
          problems.push({ path: [...path, key], message: `cannot be read: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
      return result;
    } finally {
      ancestors.delete(value);
    }
  };
  return { value: copy(root, []), problems };
}

function describeInstance(value: object): string {
  const name = (value.constructor as { name?: unknown } | undefined)?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object with a prototype';
}
