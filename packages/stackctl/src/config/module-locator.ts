// Where a key path is written in a TS/JS config: the object and array literals of the source, matched by key names.
import { tokenizeJs, type JsToken } from './js-tokens.js';
import type { KeyPath, SourceLocator, SourcePosition } from './problem.js';

/*
 * No TypeScript parser is shipped, so this reads the literals only: `{ key: value, … }` and
 * `[item, …]`, nested as written. A key path is followed from any literal whose keys match
 * (`export default { services: … }`, `defineConfig({ … })`, `const config = { … }`). Where the
 * path leaves the literals (`services: { api }`, `port: basePort + 1`, a spread), the deepest
 * key written along it is used, or, when the rest of the path names a key written exactly once
 * in the file (`const api = { port: 70000 }`), that key. Good enough to point at the line;
 * when nothing matches the problem simply has no position, as before.
 */

interface Literal {
  readonly kind: 'object' | 'array';
  readonly entries: Entry[];
  /** The entry this literal is the value of; undefined for a literal that starts a tree. */
  readonly parent: Entry | undefined;
  /** Holds a `...spread`: keys it lacks in the text may still come from elsewhere. */
  spread: boolean;
  /** The names spread into it (`...shared`), looked up in order after its own keys. */
  readonly spreads: string[];
}

interface Entry {
  /** The key in an object; undefined for an array item. */
  readonly key: string | undefined;
  readonly keyPosition: SourcePosition;
  readonly valuePosition: SourcePosition;
  readonly owner: Literal;
  child?: Literal;
  /** The variable its value names: `worker` for `worker,` or `api: worker`. */
  reference?: string;
}

interface Frame {
  readonly open: string;
  readonly literal: Literal | undefined;
  /** True where the next token starts an entry (after `{`, `[` or a `,`). */
  expectEntry: boolean;
}

const CLOSERS: Readonly<Record<string, string>> = { '}': '{', ']': '[', ')': '(' };

export function moduleLocator(text: string): SourceLocator {
  const { roots, entries, named } = readLiterals(tokenizeJs(text));
  return {
    locate(keyPath: KeyPath, at: 'key' | 'value'): SourcePosition | null {
      if (keyPath.length === 0) return null;
      const place = (entry: Entry): SourcePosition => (at === 'key' ? entry.keyPosition : entry.valuePosition);
      const best = deepestMatch(roots, keyPath, named);
      if (best !== null && best.depth === keyPath.length) return place(best.entry);
      // The path stopped inside a literal that lacks the key (and spreads nothing unknown in): the key is missing, point at its parent.
      const stoppedIn = best === null ? undefined : valueLiteral(best.entry, named);
      if (stoppedIn !== undefined && !(stoppedIn.spread && stoppedIn.spreads.some((name) => !named.has(name)))) return best?.entry.keyPosition ?? null;
      const elsewhere = uniqueSuffixMatch(entries, keyPath);
      if (elsewhere !== null) return elsewhere.exact ? place(elsewhere.entry) : elsewhere.entry.keyPosition;
      return best?.entry.keyPosition ?? null;
    },
  };
}

function readLiterals(tokens: readonly JsToken[]): { roots: Literal[]; entries: Entry[]; named: Map<string, Literal> } {
  const roots: Literal[] = [];
  const named = new Map<string, Literal>();
  const entries: Entry[] = [];
  const stack: Frame[] = [];
  for (const [index, token] of tokens.entries()) {
    const frame = stack.at(-1);
    const next = tokens[index + 1];
    let entry: Entry | undefined;
    if (frame?.expectEntry === true && frame.literal !== undefined) {
      frame.expectEntry = false;
      entry = startEntry(frame.literal, token, next, tokens[index + 2]);
      if (entry !== undefined) entries.push(entry);
    }
    if (token.type === '{' || token.type === '[') {
      // The literal a new entry's value opens is its child; any other literal starts a tree of its own.
      const valueOf = entry?.valuePosition === token.position ? entry : previousEntryValueAt(frame, token);
      const literal: Literal = { kind: token.type === '{' ? 'object' : 'array', entries: [], parent: valueOf, spread: false, spreads: [] };
      if (valueOf !== undefined) valueOf.child = literal;
      else {
        roots.push(literal);
        const name = assignedName(tokens, index);
        if (name !== undefined && !named.has(name)) named.set(name, literal);
      }
      stack.push({ open: token.type, literal, expectEntry: true });
    } else if (token.type === '(') {
      stack.push({ open: '(', literal: undefined, expectEntry: false });
    } else if (token.type in CLOSERS) {
      const opener = CLOSERS[token.type];
      const match = stack.findLastIndex((candidate) => candidate.open === opener);
      if (match >= 0) stack.length = match;
    } else if (token.type === ',' && frame !== undefined) {
      frame.expectEntry = true;
    }
  }
  return { roots, entries, named };
}

/** `const NAME = {` (with or without a type annotation): the variable a literal is assigned to. */
function assignedName(tokens: readonly JsToken[], open: number): string | undefined {
  if (tokens[open - 1]?.type !== '=') return undefined;
  for (let index = open - 2; index >= Math.max(0, open - 12); index -= 1) {
    const token = tokens[index];
    if (token?.type === 'name' && ['const', 'let', 'var'].includes(token.value)) {
      const name = tokens[index + 1];
      return name?.type === 'name' ? name.value : undefined;
    }
  }
  return undefined;
}

/** The entry that `token` starts inside `literal`, if it is one: `key: value`, `'key': value`, a shorthand `key`, or an array item. */
function startEntry(literal: Literal, token: JsToken, next: JsToken | undefined, afterNext: JsToken | undefined): Entry | undefined {
  if (token.type === '...') {
    literal.spread = true;
    if (next?.type === 'name') literal.spreads.push(next.value);
  }
  if (literal.kind === 'array') {
    if (token.type === ']' || token.type === ',') return undefined;
    return addEntry(literal, undefined, token.position, token.position);
  }
  const keyLike = token.type === 'name' || token.type === 'string' || token.type === 'number';
  if (!keyLike || next === undefined) return undefined;
  if (next.type === ':' && afterNext !== undefined) {
    const entry = addEntry(literal, token.value, token.position, afterNext.position);
    if (afterNext.type === 'name') entry.reference = afterNext.value;
    return entry;
  }
  if (token.type === 'name' && (next.type === ',' || next.type === '}')) {
    const entry = addEntry(literal, token.value, token.position, token.position);
    entry.reference = token.value;
    return entry;
  }
  return undefined;
}

function addEntry(owner: Literal, key: string | undefined, keyPosition: SourcePosition, valuePosition: SourcePosition): Entry {
  const entry: Entry = { key, keyPosition, valuePosition, owner };
  owner.entries.push(entry);
  return entry;
}

/** `key: {` where the entry began on an earlier token: the `{` right at its value position. */
function previousEntryValueAt(frame: Frame | undefined, token: JsToken): Entry | undefined {
  const last = frame?.literal?.entries.at(-1);
  return last !== undefined && last.child === undefined && last.valuePosition === token.position ? last : undefined;
}

/** The deepest entry reached by following `keyPath` from any tree's root, through variables written as literals. */
function deepestMatch(roots: readonly Literal[], keyPath: KeyPath, named: ReadonlyMap<string, Literal>): { entry: Entry; depth: number } | null {
  let best: { entry: Entry; depth: number } | null = null;
  for (const root of roots) {
    let literal: Literal | undefined = root;
    for (const [depth, segment] of keyPath.entries()) {
      const entry: Entry | undefined = literal === undefined ? undefined : child(literal, segment, named, 0);
      if (entry === undefined) break;
      if (best === null || depth + 1 > best.depth) best = { entry, depth: depth + 1 };
      literal = valueLiteral(entry, named);
    }
  }
  return best;
}

/** The literal an entry's value is: written in place, or the variable it names. */
function valueLiteral(entry: Entry, named: ReadonlyMap<string, Literal>): Literal | undefined {
  return entry.child ?? (entry.reference === undefined ? undefined : named.get(entry.reference));
}

function child(literal: Literal, segment: string | number, named: ReadonlyMap<string, Literal>, depth: number): Entry | undefined {
  if (literal.kind === 'array') return typeof segment === 'number' ? literal.entries[segment] : undefined;
  // As in JavaScript, the last of two equal keys wins; then what is spread in, the last spread first.
  const own = literal.entries.findLast((entry) => entry.key === String(segment));
  if (own !== undefined || depth > 8) return own;
  for (const name of literal.spreads.toReversed()) {
    const spread = named.get(name);
    const found = spread === undefined ? undefined : child(spread, segment, named, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * The one key in the file whose own key chain ends with the longest tail of `keyPath`'s keys:
 * `services.api.port` finds the only `port:` written outside another service, or the only `port`
 * under an `api` key.
 * `exact` says whether the path's last segment itself was found (not only its key, before an index).
 */
function uniqueSuffixMatch(entries: readonly Entry[], keyPath: KeyPath): { entry: Entry; exact: boolean } | null {
  const lastKey = keyPath.findLastIndex((segment) => typeof segment === 'string');
  if (lastKey < 0) return null;
  const keys = keyPath.slice(0, lastKey + 1) as string[];
  const scored = entries
    .filter((entry) => entry.key === keys.at(-1))
    .map((entry) => ({ entry, score: chainMatch(entry, keys) }))
    .filter(({ score }) => score > 0);
  const top = Math.max(0, ...scored.map(({ score }) => score));
  const winners = scored.filter(({ score }) => score === top);
  if (winners.length !== 1 || winners[0] === undefined) return null;
  const found = winners[0].entry;
  const index = keyPath[lastKey + 1];
  if (typeof index === 'number' && lastKey + 2 === keyPath.length && found.child?.kind === 'array') {
    const item = found.child.entries[index];
    if (item !== undefined) return { entry: item, exact: true };
  }
  return { entry: found, exact: lastKey + 1 === keyPath.length };
}

/**
 * How many of `keys`, from the end, the entry's chain of keys repeats (array items skipped); -1
 * when the chain goes on with another key (`services.web.command` is no answer for `services.api.command`).
 */
function chainMatch(entry: Entry, keys: readonly string[]): number {
  let score = 0;
  let current: Entry | undefined = entry;
  for (let index = keys.length - 1; index >= 0 && current !== undefined; index -= 1) {
    if (current.key !== keys[index]) return -1;
    score += 1;
    current = parentEntry(current);
  }
  return score;
}

function parentEntry(entry: Entry): Entry | undefined {
  let parent = entry.owner.parent;
  while (parent !== undefined && parent.key === undefined) parent = parent.owner.parent;
  return parent;
}
