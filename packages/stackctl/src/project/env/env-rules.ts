// Pure rules over env values: secret masking, type validation, `check` against the example, `diff` with it, secret generation.
import { randomBytes } from 'node:crypto';
import type { KeySpec, ValueType } from './annotations.js';

const SECRET_KEY = /SECRET|TOKEN|PASSWORD|KEY|PRIVATE/i;

/** A key whose value `env show` masks: its name says so, or the example marks it `@secret` / `@generate`. */
export function isSecret(key: string, spec?: KeySpec): boolean {
  return SECRET_KEY.test(key) || spec?.secret === true;
}

/** Keeps the length hidden: `********`, or empty for an empty value. */
export function maskValue(value: string): string {
  return value === '' ? '' : '********';
}

/** Why `value` is not a valid `type`, or null when it is. */
export function typeProblem(type: ValueType, value: string): string | null {
  switch (type) {
    case 'url':
      return URL.canParse(value) && /^[a-z][a-z0-9+.-]*:/i.test(value) ? null : 'not a URL';
    case 'int':
      return /^-?\d+$/.test(value) ? null : 'not an integer';
    case 'bool':
      return /^(true|false|1|0|yes|no)$/i.test(value) ? null : 'not a boolean (true/false/1/0/yes/no)';
    case 'port': {
      const port = Number(value);
      return /^\d+$/.test(value) && port >= 1 && port <= 65535 ? null : 'not a port (1-65535)';
    }
    case 'email':
      return /^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(value) ? null : 'not an email address';
  }
}

export interface CheckProblem {
  readonly key: string;
  readonly kind: 'missing' | 'empty' | 'invalid';
  readonly message: string;
}

/** Every key of the example must be set, non-empty and of its annotated type. */
export function checkEnv(specs: readonly KeySpec[], values: Readonly<Record<string, string>>): CheckProblem[] {
  const problems: CheckProblem[] = [];
  for (const spec of specs) {
    const value = values[spec.key];
    if (value === undefined) problems.push({ key: spec.key, kind: 'missing', message: 'missing' });
    else if (value === '') problems.push({ key: spec.key, kind: 'empty', message: 'empty' });
    else {
      const problem = spec.type === null ? null : typeProblem(spec.type, value);
      if (problem !== null) problems.push({ key: spec.key, kind: 'invalid', message: `${problem} (@type ${spec.type})` });
    }
  }
  return problems;
}

export interface EnvDiff {
  /** In the example, not in the file. */
  readonly missing: readonly string[];
  /** In the file, not in the example. */
  readonly extra: readonly string[];
  /** In both, with a value other than the example's. */
  readonly changed: readonly string[];
}

export function diffEnv(example: Readonly<Record<string, string>>, actual: Readonly<Record<string, string>>): EnvDiff {
  const has = (record: Readonly<Record<string, string>>, key: string): boolean => Object.hasOwn(record, key);
  return {
    missing: Object.keys(example).filter((key) => !has(actual, key)),
    extra: Object.keys(actual).filter((key) => !has(example, key)),
    changed: Object.keys(example).filter((key) => has(actual, key) && actual[key] !== example[key]),
  };
}

/** A random secret for `@generate` keys: 32 random bytes, base64url. */
export function generateSecret(random: (size: number) => Buffer = randomBytes): string {
  return random(32).toString('base64url');
}
