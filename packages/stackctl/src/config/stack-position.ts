// The line and column in a TS/JS config that an error points at: its stack frame in the file, mapped back through jiti's source map.
import { SourceMap } from 'node:module';
import type { SourcePosition } from './problem.js';

/** The config file as jiti ran it: transformed code with an inline source map. */
export interface TransformedModule {
  readonly code: string;
  /** jiti wraps ESM in an async function, CommonJS in a plain one; the wrapper shifts line 1. */
  readonly async: boolean;
}

/** jiti's module wrapper (see eval_evalModule in jiti's dist), written before the code on line 1. */
const wrapperPrefix = (async: boolean): string =>
  `(${async ? 'async ' : ''}function (exports, require, module, __filename, __dirname, jitiImport, jitiESMResolve) { `;

/**
 * The first position in `file` that `error` names: a babel ParseError's `file:LINE:COL` (0-based
 * column) in its message, else the topmost stack frame in the file, mapped to the source as written.
 */
export function errorPosition(error: unknown, file: string, transformed: TransformedModule | undefined): SourcePosition | undefined {
  if (!(error instanceof Error)) return undefined;
  const escaped = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const parse = new RegExp(`^ParseError: [^\\n]*\\n\\s*${escaped}:(\\d+):(\\d+)`).exec(error.message);
  if (parse) return { line: Number(parse[1]), column: Number(parse[2]) + 1 };
  const frame = new RegExp(`(?:file://)?${escaped}:(\\d+)(?::(\\d+))?`).exec(error.stack ?? '');
  if (!frame) return undefined;
  const generated = { line: Number(frame[1]), column: frame[2] === undefined ? 1 : Number(frame[2]) };
  // A V8 SyntaxError names the file itself (`file:LINE` on the first line): the code jiti ran, whose lines are the source's.
  if (transformed === undefined || error.name === 'SyntaxError') return { line: generated.line, column: frame[2] === undefined ? 1 : generated.column };
  return mapToSource(generated, transformed) ?? { line: generated.line, column: 1 };
}

/** Through the inline source map jiti had babel write (the frame's column is in the transformed code). */
function mapToSource(generated: SourcePosition, transformed: TransformedModule): SourcePosition | undefined {
  const payload = /\/\/# sourceMappingURL=data:application\/json;(?:charset=utf-8;)?base64,([A-Za-z0-9+/=]+)/.exec(transformed.code)?.[1];
  if (payload === undefined) return undefined;
  try {
    const map = new SourceMap(JSON.parse(Buffer.from(payload, 'base64').toString('utf8')) as ConstructorParameters<typeof SourceMap>[0]);
    const column = generated.column - (generated.line === 1 ? wrapperPrefix(transformed.async).length : 0);
    const entry = map.findEntry(generated.line - 1, Math.max(0, column - 1)) as { originalLine?: number; originalColumn?: number };
    if (entry.originalLine === undefined || entry.originalColumn === undefined) return undefined;
    return { line: entry.originalLine + 1, column: entry.originalColumn + 1 };
  } catch {
    return undefined;
  }
}
