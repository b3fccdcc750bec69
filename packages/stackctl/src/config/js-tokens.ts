// A small JS/TS tokenizer for locating keys: punctuation, names, strings and numbers with positions; comments, templates and regexes skipped.
import type { SourcePosition } from './problem.js';

export interface JsToken {
  /** `name` (identifiers and keywords), `string` (value unquoted), `number`, `template`, or the punctuator itself: `{`, `:`, `...`. */
  readonly type: string;
  readonly value: string;
  readonly position: SourcePosition;
}

/** After these tokens a `/` starts a regular expression rather than a division. */
const BEFORE_REGEX = new Set(['(', ',', '=', ':', '[', '!', '&', '|', '?', '{', '}', ';', '+', '-', '*', '%', '<', '>', '~', '^', '=>']);
const KEYWORDS_BEFORE_REGEX = new Set(['return', 'typeof', 'instanceof', 'in', 'of', 'new', 'delete', 'void', 'throw', 'case', 'do', 'else', 'yield', 'await']);

/** Tokens of `text`; never throws (an unterminated string or comment simply ends the list). */
export function tokenizeJs(text: string): JsToken[] {
  const tokens: JsToken[] = [];
  let index = 0;
  let line = 1;
  let lineStart = 0;
  const here = (): SourcePosition => ({ line, column: index - lineStart + 1 });
  /** Moves to `end`, counting the line breaks passed. */
  const advanceTo = (end: number): void => {
    for (; index < end && index < text.length; index += 1) {
      if (text[index] === '\n') {
        line += 1;
        lineStart = index + 1;
      }
    }
  };
  const regexAllowed = (): boolean => {
    const previous = tokens.at(-1);
    if (previous === undefined) return true;
    return previous.type === 'name' ? KEYWORDS_BEFORE_REGEX.has(previous.value) : BEFORE_REGEX.has(previous.type);
  };

  while (index < text.length) {
    const char = text[index] as string;
    const next = text[index + 1];
    if (/\s/.test(char)) {
      advanceTo(index + 1);
    } else if (char === '/' && next === '/') {
      const end = text.indexOf('\n', index);
      advanceTo(end < 0 ? text.length : end);
    } else if (char === '/' && next === '*') {
      const end = text.indexOf('*/', index + 2);
      advanceTo(end < 0 ? text.length : end + 2);
    } else if (char === '"' || char === "'") {
      const position = here();
      const end = endOfString(text, index, char);
      tokens.push({ type: 'string', value: unquote(text.slice(index + 1, end - 1)), position });
      advanceTo(end);
    } else if (char === '`') {
      const position = here();
      tokens.push({ type: 'template', value: '', position });
      advanceTo(endOfTemplate(text, index));
    } else if (char === '/' && regexAllowed()) {
      tokens.push({ type: 'regex', value: '', position: here() });
      advanceTo(endOfRegex(text, index));
    } else if (/[A-Za-z_$\u0080-\uffff]/.test(char)) {
      const match = /^[\w$\u0080-\uffff]+/.exec(text.slice(index, index + 256)) as RegExpExecArray;
      tokens.push({ type: 'name', value: match[0], position: here() });
      advanceTo(index + match[0].length);
    } else if (/[0-9]/.test(char) || (char === '.' && next !== undefined && /[0-9]/.test(next))) {
      const match = /^[\w.]+/.exec(text.slice(index, index + 256)) as RegExpExecArray;
      tokens.push({ type: 'number', value: match[0], position: here() });
      advanceTo(index + match[0].length);
    } else {
      const punctuator = text.startsWith('...', index) ? '...' : text.startsWith('=>', index) ? '=>' : char;
      tokens.push({ type: punctuator, value: punctuator, position: here() });
      advanceTo(index + punctuator.length);
    }
  }
  return tokens;
}

function endOfString(text: string, start: number, quote: string): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === quote || char === '\n') return index + 1;
  }
  return text.length;
}

/** The end of a template literal, skipping `${ … }` parts (with their own strings and nested templates). */
function endOfTemplate(text: string, start: number): number {
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '`') return index + 1;
    else if (char === '$' && text[index + 1] === '{') index = endOfBraces(text, index + 1) - 1;
  }
  return text.length;
}

function endOfBraces(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    const char = text[index] as string;
    if (char === '"' || char === "'") index = endOfString(text, index, char) - 1;
    else if (char === '`') index = endOfTemplate(text, index) - 1;
    else if (char === '{') depth += 1;
    else if (char === '}' && --depth === 0) return index + 1;
  }
  return text.length;
}

function endOfRegex(text: string, start: number): number {
  let inClass = false;
  for (let index = start + 1; index < text.length; index += 1) {
    const char = text[index];
    if (char === '\\') index += 1;
    else if (char === '\n') return index;
    else if (char === '[') inClass = true;
    else if (char === ']') inClass = false;
    else if (char === '/' && !inClass) {
      const flags = /^[a-z]*/.exec(text.slice(index + 1, index + 16))?.[0] ?? '';
      return index + 1 + flags.length;
    }
  }
  return text.length;
}

/** The common escapes; enough to compare a quoted key with a config key. */
function unquote(body: string): string {
  return body.replace(/\\(u\{[0-9a-fA-F]+\}|u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.)/g, (_match, escape: string) => {
    if (escape.startsWith('u{')) return String.fromCodePoint(Number.parseInt(escape.slice(2, -1), 16));
    if (escape.startsWith('u') || escape.startsWith('x')) return String.fromCharCode(Number.parseInt(escape.slice(1), 16));
    return { n: '\n', t: '\t', r: '\r', '0': '\0' }[escape] ?? escape;
  });
}
