// A line-preserving dotenv document: comments, blanks and entries keep their raw text, so an untouched file serialises byte-identical.
import { parse } from 'dotenv';
import { StackctlError } from '../../errors/index.js';

export type DotenvLine =
  | { readonly kind: 'blank' | 'comment' | 'other'; readonly raw: string }
  | { readonly kind: 'entry'; readonly key: string; readonly raw: string };

export interface DotenvDocument {
  readonly lines: readonly DotenvLine[];
}

const ENTRY = /^(\s*(?:export\s+)?)([\w.-]+)(\s*=\s*)(.*)$/;

/** Splits into lines (each keeping its line ending); a quoted value spanning several lines is one entry. */
export function parseDotenvDocument(text: string): DotenvDocument {
  const physical = text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
  const lines: DotenvLine[] = [];
  for (let index = 0; index < physical.length; index += 1) {
    let raw = physical[index] ?? '';
    const body = raw.replace(/\r?\n$/, '');
    const trimmed = body.trim();
    if (trimmed === '') {
      lines.push({ kind: 'blank', raw });
      continue;
    }
    if (trimmed.startsWith('#')) {
      lines.push({ kind: 'comment', raw });
      continue;
    }
    const match = ENTRY.exec(body);
    if (match === null) {
      lines.push({ kind: 'other', raw });
      continue;
    }
    const value = (match[4] ?? '').trimStart();
    const quote = value[0];
    if ((quote === '"' || quote === "'" || quote === '`') && !closes(value.slice(1), quote)) {
      // A multi-line quoted value: take lines until the one holding the closing quote.
      while (index + 1 < physical.length) {
        index += 1;
        const next = physical[index] ?? '';
        raw += next;
        if (closes(next, quote)) break;
      }
    }
    lines.push({ kind: 'entry', key: match[2] ?? '', raw });
  }
  return { lines };
}

function closes(text: string, quote: string): boolean {
  for (let i = 0; i < text.length; i += 1) {
    if (text[i] === '\\') i += 1;
    else if (text[i] === quote) return true;
  }
  return false;
}

export function serializeDotenv(document: DotenvDocument): string {
  return document.lines.map((line) => line.raw).join('');
}

/** Keys in file order (a repeated key once, at its first place). */
export function documentKeys(document: DotenvDocument): string[] {
  return [...new Set(document.lines.flatMap((line) => (line.kind === 'entry' ? [line.key] : [])))];
}

/** The values, read by the dotenv parser (no ${VAR} expansion); the last of a repeated key wins, as in dotenv. */
export function documentValues(document: DotenvDocument): Record<string, string> {
  const values: Record<string, string> = {};
  for (const line of document.lines) {
    if (line.kind !== 'entry') continue;
    const parsed = parse(line.raw);
    values[line.key] = parsed[line.key] ?? '';
  }
  return values;
}

/**
 * Sets `key`: an existing entry keeps its `export ` prefix, its quote style (when the value allows it), its
 * inline comment and line ending; a new key is appended at the end.
 */
export function setDotenvValue(document: DotenvDocument, key: string, value: string): DotenvDocument {
  const index = document.lines.findIndex((line) => line.kind === 'entry' && line.key === key);
  if (index === -1) {
    const lines = [...document.lines];
    const last = lines.at(-1);
    if (last !== undefined && !last.raw.endsWith('\n')) lines[lines.length - 1] = { ...last, raw: `${last.raw}\n` };
    lines.push({ kind: 'entry', key, raw: `${key}=${quoteValue(value, null)}\n` });
    return { lines };
  }
  const old = document.lines[index];
  if (old === undefined || old.kind !== 'entry') return document;
  const ending = /\r?\n$/.exec(old.raw)?.[0] ?? '';
  const first = old.raw.split('\n')[0]?.replace(/\r$/, '') ?? '';
  const match = ENTRY.exec(first);
  const prefix = match?.[1] ?? '';
  const assign = match?.[3] ?? '=';
  const oldValue = (match?.[4] ?? '').trimStart();
  const quote = oldValue[0] === '"' || oldValue[0] === "'" || oldValue[0] === '`' ? oldValue[0] : null;
  const comment = inlineComment(old.raw.replace(/\r?\n$/, ''), quote);
  const raw = `${prefix}${key}${assign}${quoteValue(value, quote)}${comment}${ending}`;
  // Later duplicates of the key would override the new value: drop them.
  const lines = document.lines.flatMap((line, at) =>
    at === index ? [{ kind: 'entry' as const, key, raw }] : line.kind === 'entry' && line.key === key ? [] : [line],
  );
  return { lines };
}

/** Removes every entry of `key`; comments (also the ones above it) stay. */
export function unsetDotenvValue(document: DotenvDocument, key: string): DotenvDocument {
  return { lines: document.lines.filter((line) => !(line.kind === 'entry' && line.key === key)) };
}

/** ` # comment` after the value (after the closing quote for a quoted one), with its leading spaces. */
function inlineComment(raw: string, quote: string | null): string {
  const equals = raw.indexOf('=');
  const rest = raw.slice(equals + 1);
  if (quote === null) return /\s+#.*$/.exec(rest)?.[0] ?? '';
  const open = rest.indexOf(quote);
  let close = -1;
  for (let i = open + 1; i < rest.length; i += 1) {
    if (rest[i] === '\\') i += 1;
    else if (rest[i] === quote) {
      close = i;
      break;
    }
  }
  return close === -1 ? '' : (/^\s+#.*$/.exec(rest.slice(close + 1))?.[0] ?? '');
}

const PLAIN = /^[^\s#'"`\\$]*$/;

/** Writes a value the dotenv parser reads back unchanged, in the preferred quote style when that can hold it. */
export function quoteValue(value: string, preferred: string | null): string {
  const fits = (quote: string): boolean =>
    !value.includes(quote) && (quote === '"' ? !value.includes('\\n') && !value.includes('\r') : true);
  if (preferred === null && PLAIN.test(value)) return value;
  const order = [preferred, "'", '"', '`'].filter((quote): quote is string => quote !== null);
  for (const quote of order) {
    if (!fits(quote)) continue;
    return quote === '"' ? `"${value.replace(/\n/g, '\\n')}"` : `${quote}${value}${quote}`;
  }
  throw new StackctlError('E_USAGE', 'this value holds every kind of quote and cannot be written to a dotenv file', {
    hint: "drop one kind of quote (', \" or `) from the value",
  });
}
