// Finds the alias that makes a YAML document unconvertible: one without an anchor, a merge of a non-map, or an expansion past the limit.
import { isAlias, isCollection, isMap, isPair, isScalar, isSeq, visit, type Document, type Node } from 'yaml';

/** yaml's own default: an alias may expand to at most 100 times its anchor's aliases (a "billion laughs" document stops here). */
export const MAX_ALIAS_COUNT = 100;

export interface AliasProblem {
  readonly message: string;
  /** Offset in the source of the node at fault. */
  readonly offset: number;
}

interface AnchorCount {
  count: number;
  aliasCount: number;
}

/**
 * The first problem `document.toJS({ maxAliasCount })` would throw for, with the node it is at,
 * walking in the order toJS converts and counting expansions as it does (yaml's Alias.resolve).
 * yaml itself enforces the limit; this only finds where, since its error carries no position.
 */
export function findAliasProblem(document: Document, maxAliasCount = MAX_ALIAS_COUNT): AliasProblem | null {
  const anchors = new Map<unknown, AnchorCount>();
  /** The collections being walked, outermost first: an alias to one of them is a cycle. */
  const ancestors = new Set<unknown>();
  let problem: AliasProblem | null = null;

  const aliasCount = (node: unknown): number => {
    if (isAlias(node)) {
      const data = anchors.get(node.resolve(document));
      return data ? data.count * data.aliasCount : 0;
    }
    if (isCollection(node)) return Math.max(0, ...node.items.map((item) => aliasCount(item)));
    if (isPair(node)) return Math.max(aliasCount(node.key), aliasCount(node.value));
    return 1;
  };
  const at = (node: unknown): number => (node as Node | null)?.range?.[0] ?? 0;

  /** Resolves an alias as toJS does, counting it; undefined (with the problem set) when it fails. */
  const resolveAlias = (alias: Node): unknown => {
    if (!isAlias(alias)) return alias;
    const source = alias.resolve(document);
    if (source === undefined) {
      problem = { message: `alias *${alias.source} has no anchor &${alias.source} before it`, offset: at(alias) };
      return undefined;
    }
    if (ancestors.has(source)) {
      problem = { message: `alias *${alias.source} is inside its own anchor &${alias.source} (a cycle)`, offset: at(alias) };
      return undefined;
    }
    const data = anchors.get(source);
    if (data !== undefined) {
      data.count += 1;
      if (data.aliasCount === 0) data.aliasCount = aliasCount(source);
      if (data.count * data.aliasCount > maxAliasCount) {
        problem = {
          message: `alias *${alias.source} expands its anchor too many times (more than ${maxAliasCount} expansions: an "alias bomb")`,
          offset: at(alias),
        };
        return undefined;
      }
    }
    return source;
  };

  const walk = (node: unknown): void => {
    if (problem !== null || node === null || node === undefined) return;
    if (isAlias(node)) {
      resolveAlias(node);
      return;
    }
    const anchor = (node as Node).anchor;
    if (typeof anchor === 'string' && anchor !== '' && !anchors.has(node)) anchors.set(node, { count: 1, aliasCount: 0 });
    if (!isMap(node) && !isSeq(node)) return;
    ancestors.add(node);
    if (isMap(node)) {
      for (const pair of node.items) {
        if (isMergeKey(pair.key)) walkMerge(pair.value);
        else {
          walk(pair.key);
          walk(pair.value);
        }
        if (problem !== null) break;
      }
    } else {
      for (const item of node.items) walk(item);
    }
    ancestors.delete(node);
  };

  /** `<<: *base` or `<<: [*a, *b]`: each source must be a map (toJS converts it again, so it is walked again). */
  const walkMerge = (value: unknown): void => {
    const source = resolveAlias(value as Node);
    if (problem !== null) return;
    // Each source as written (an alias, or a literal map in a list), and what it stands for.
    const sources = isSeq(source) ? source.items.map((item) => [item, resolveAlias(item as Node)] as const) : [[value, source] as const];
    for (const [written, resolved] of sources) {
      if (problem !== null) return;
      if (!isMap(resolved)) {
        const what = isScalar(resolved) ? `the value ${JSON.stringify(resolved.value)}` : isSeq(resolved) ? 'a list' : 'nothing';
        problem = { message: `a merge key (<<) takes a map or a list of maps, not ${what}`, offset: at(written ?? value) };
        return;
      }
      walk(resolved);
    }
  };

  walk(document.contents);
  return problem;
}

/** Every alias in the document, in order: where to point when toJS fails for a reason not found above. */
export function firstAliasOffset(document: Document): number | null {
  let offset: number | null = null;
  visit(document, {
    Alias: (_key, node) => {
      offset = node.range?.[0] ?? null;
      return visit.BREAK;
    },
  });
  return offset;
}

/** As yaml has it: a plain (unquoted) `<<` key, which `merge: true` parses to a symbol. */
function isMergeKey(key: unknown): boolean {
  if (!isScalar(key) || (key.type !== undefined && key.type !== 'PLAIN')) return false;
  return key.value === '<<' || (typeof key.value === 'symbol' && key.value.description === '<<');
}
