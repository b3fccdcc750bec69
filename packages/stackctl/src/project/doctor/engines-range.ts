// A small matcher for `engines.node` ranges (>=X.Y, ^X, ~X.Y, X.x, X, ||, space-separated AND), as npm reads them.

export type Version = readonly [major: number, minor: number, patch: number];

type Operator = '<' | '<=' | '>' | '>=' | '=';

export interface Comparator {
  readonly op: Operator;
  readonly version: Version;
}

/** Alternatives (`||`), each a list of comparators that must all hold; an empty list matches any version. */
export type EnginesRange = readonly (readonly Comparator[])[];

/** `20.11.1`, `v20.11.1`, `21.0.0-nightly…` (the pre-release tag is dropped); null when not a version. */
export function parseVersion(text: string): Version | null {
  const match = /^\s*v?(\d+)\.(\d+)\.(\d+)(?:[-+][0-9A-Za-z.+-]*)?\s*$/.exec(text);
  if (match === null) return null;
  return [Number(match[1]), Number(match[2]), Number(match[3])];
}

export function compareVersions(a: Version, b: Version): number {
  return a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
}

/** A version as written in a range: missing or wildcard parts are null (`18` → [18, null, null]). */
type Partial = readonly [number | null, number | null, number | null];

const TOKEN = /^(>=|<=|>|<|=|\^|~>?|)v?(\d+|[xX*])(?:\.(\d+|[xX*]))?(?:\.(\d+|[xX*]))?$/;

/**
 * Parses the range forms npm's `engines` use; null for anything else (hyphen ranges, pre-release
 * tags, tags such as `latest`), which the caller reports as a range it cannot check.
 */
export function parseEnginesRange(text: string): EnginesRange | null {
  const normalised = text.trim().replace(/(>=|<=|>|<|=|\^|~>?)\s+/g, '$1');
  const alternatives: Comparator[][] = [];
  for (const alternative of normalised.split('||')) {
    const comparators: Comparator[] = [];
    const tokens = alternative.trim().split(/\s+/).filter((token) => token !== '');
    for (const token of tokens) {
      const match = TOKEN.exec(token);
      if (match === null) return null;
      const desugared = desugar(match[1] ?? '', partialOf(match[2], match[3], match[4]));
      if (desugared === null) return null;
      comparators.push(...desugared);
    }
    alternatives.push(comparators);
  }
  return alternatives;
}

function partialOf(...parts: (string | undefined)[]): Partial {
  let wild = false;
  const values = parts.map((part) => {
    if (wild || part === undefined || /^[xX*]$/.test(part)) {
      wild = true;
      return null;
    }
    return Number(part);
  });
  return [values[0] ?? null, values[1] ?? null, values[2] ?? null];
}

/** The comparators one token stands for, as node-semver expands them. */
function desugar(op: string, [major, minor, patch]: Partial): Comparator[] | null {
  const at = (op: Operator, a: number, b: number, c: number): Comparator => ({ op, version: [a, b, c] });
  if (major === null) return op === '' || op === '=' || op === '>=' ? [] : null;
  const low = at('>=', major, minor ?? 0, patch ?? 0);
  /** Just above the partial: the next major when the minor is open, the next minor when the patch is. */
  const above = minor === null ? at('<', major + 1, 0, 0) : patch === null ? at('<', major, minor + 1, 0) : null;
  switch (op) {
    case '':
    case '=':
      return above === null ? [at('=', major, minor ?? 0, patch ?? 0)] : [low, above];
    case '>=':
      return [low];
    case '>':
      return above === null ? [at('>', major, minor ?? 0, patch ?? 0)] : [{ op: '>=', version: above.version }];
    case '<':
      return [at('<', major, minor ?? 0, patch ?? 0)];
    case '<=':
      return above === null ? [at('<=', major, minor ?? 0, patch ?? 0)] : [above];
    case '~':
    case '~>':
      return [low, minor === null ? at('<', major + 1, 0, 0) : at('<', major, minor + 1, 0)];
    case '^':
      if (major > 0 || minor === null) return [low, at('<', major + 1, 0, 0)];
      if (minor > 0 || patch === null) return [low, at('<', 0, minor + 1, 0)];
      return [low, at('<', 0, 0, patch + 1)];
    default:
      return null;
  }
}

function holds(version: Version, { op, version: bound }: Comparator): boolean {
  const order = compareVersions(version, bound);
  switch (op) {
    case '<':
      return order < 0;
    case '<=':
      return order <= 0;
    case '>':
      return order > 0;
    case '>=':
      return order >= 0;
    case '=':
      return order === 0;
  }
}

export function satisfies(version: Version, range: EnginesRange): boolean {
  return range.some((comparators) => comparators.every((comparator) => holds(version, comparator)));
}

/**
 * What to install to satisfy the range, as `nvm install` takes it: `22`, `18.2`, or `18.2.4` —
 * the newest alternative's lowest matching version, as coarse as still matches. Null when no
 * version matches.
 */
export function suggestedVersion(range: EnginesRange): string | null {
  const candidates = range.flatMap((comparators) =>
    candidatesOf(comparators)
      .filter((version) => satisfies(version, [comparators]))
      .map((version) => ({ version, comparators })),
  );
  const best = candidates.sort((a, b) => compareVersions(b.version, a.version))[0];
  if (best === undefined) return null;
  const [major, minor, patch] = best.version;
  const matches = (version: Version): boolean => satisfies(version, [best.comparators]);
  // `nvm install 22` takes the newest 22.x: name only the major when every 22.x from here on matches.
  if (matches([major, HIGH, HIGH])) return String(major);
  if (matches([major, minor, HIGH])) return `${major}.${minor}`;
  return `${major}.${minor}.${patch}`;
}

const HIGH = 9999;

/** The lowest version the lower bounds allow; without one, the highest the upper bounds allow (`<18` → 17.x). */
function candidatesOf(comparators: readonly Comparator[]): Version[] {
  const lower = comparators
    .filter((comparator) => comparator.op === '>=' || comparator.op === '>' || comparator.op === '=')
    .map(({ op, version: [a, b, c] }): Version => (op === '>' ? [a, b, c + 1] : [a, b, c]))
    .sort((x, y) => compareVersions(y, x))[0];
  if (lower !== undefined) return [lower];
  const belowUpper = comparators
    .filter((comparator) => comparator.op === '<' || comparator.op === '<=')
    .map(({ op, version: [a, b, c] }): Version => {
      if (op === '<=') return [a, b, c];
      if (c > 0) return [a, b, c - 1];
      if (b > 0) return [a, b - 1, HIGH];
      return [a - 1, HIGH, HIGH];
    })
    .filter((version) => version[0] >= 0)
    .sort(compareVersions);
  return [belowUpper[0] ?? [0, 0, 0]];
}
