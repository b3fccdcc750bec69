// Parses YAML or JSON (JSON is YAML) into plain data, keeping the document so any key path maps to a line and column; alias problems are placed too.
import { LineCounter, isAlias, isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLError } from 'yaml';
import type { KeyPath, ParsedSource, ProblemDraft, SourceLocator, SourcePosition } from './problem.js';
import { MAX_ALIAS_COUNT, findAliasProblem, firstAliasOffset } from './yaml-aliases.js';

export function parseYamlSource(text: string): ParsedSource {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter, merge: true, prettyErrors: true, uniqueKeys: true });
  const toDraft = (error: YAMLError, severity: 'error' | 'warning'): ProblemDraft => {
    const start = error.linePos?.[0];
    return {
      path: [],
      message: syntaxMessage(error.message) + (error.code === 'BLOCK_AS_IMPLICIT_KEY' ? QUOTE_HINT : ''),
      severity,
      ...(start === undefined ? {} : { position: { line: start.line, column: start.col } }),
    };
  };
  const problems = [
    ...document.errors.map((error) => toDraft(error, 'error')),
    ...document.warnings.map((warning) => toDraft(warning, 'warning')),
  ];
  const locator = yamlLocator(document, lineCounter);
  if (document.errors.length > 0) return { raw: undefined, locator, problems };
  const atOffset = (offset: number): SourcePosition => {
    const { line, col } = lineCounter.linePos(offset);
    return { line, column: col };
  };
  const aliasProblem = findAliasProblem(document, MAX_ALIAS_COUNT);
  if (aliasProblem !== null) {
    return { raw: undefined, locator, problems: [...problems, { path: [], message: `YAML: ${aliasProblem.message}`, position: atOffset(aliasProblem.offset) }] };
  }
  try {
    return { raw: document.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), locator, problems };
  } catch (error) {
    // Not expected after findAliasProblem; still a config problem, never a crash.
    const offset = firstAliasOffset(document);
    const message = `YAML: ${error instanceof Error ? error.message : String(error)}`;
    return { raw: undefined, locator, problems: [...problems, { path: [], message, ...(offset === null ? {} : { position: atOffset(offset) }) }], cause: error };
  }
}

/** What `command: echo a: b` means to YAML (a map inside a value): the usual cause, and its fix. */
const QUOTE_HINT = ' (a value with ": " in it must be quoted, e.g. command: "echo a: b")';

/** yaml's pretty messages end with ` at line N, column M:` and a code excerpt; the position is printed separately. */
function syntaxMessage(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return `YAML syntax: ${firstLine.replace(/ at line \d+, column \d+:?$/, '')}`;
}

function yamlLocator(document: Document, lineCounter: LineCounter): SourceLocator {
  const position = (node: unknown): SourcePosition | null => {
    const range = (node as Node | null)?.range;
    if (!range) return null;
    const { line, col } = lineCounter.linePos(range[0]);
    return { line, column: col };
  };
  const resolve = (node: unknown): unknown => (isAlias(node) ? node.resolve(document) : node);

  return {
    locate(keyPath: KeyPath, at: 'key' | 'value'): SourcePosition | null {
      let node = resolve(document.contents);
      // The closest position found so far: the key of the deepest pair that exists.
      let nearest = position(node) ?? { line: 1, column: 1 };
      for (const [index, segment] of keyPath.entries()) {
        const last = index === keyPath.length - 1;
        if (isMap(node)) {
          const pair = node.items.find((item) => isScalar(item.key) && String(item.key.value) === String(segment));
          if (!pair) return nearest;
          const keyPosition = position(pair.key) ?? nearest;
          if (last) return at === 'key' ? keyPosition : (position(pair.value) ?? keyPosition);
          nearest = keyPosition;
          node = resolve(pair.value);
        } else if (isSeq(node)) {
          const item =
            typeof segment === 'number'
              ? node.items[segment]
              : node.items.find((entry) => isScalar(entry) && String(entry.value) === segment);
          if (item === undefined) return nearest;
          nearest = position(item) ?? nearest;
          if (last) return nearest;
          node = resolve(item);
        } else {
          return nearest;
        }
      }
      return nearest;
    },
  };
}
