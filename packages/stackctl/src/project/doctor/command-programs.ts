// The programs a service command runs: the first word of each simple command, past env assignments and shell builtins.

/** Words that run the next word: `exec node x`, `env FOO=1 node x`. */
const PREFIXES = new Set(['exec', 'command', 'builtin', 'time', 'env', 'nice', 'nohup', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', '!', '{', '(']);

/** Builtins and keywords: nothing to find on PATH, so the simple command is skipped. */
const BUILTINS = new Set([
  'cd', '.', 'source', 'export', 'set', 'unset', 'alias', 'eval', 'true', 'false', ':', 'echo', 'printf', 'test', '[', '[[',
  'read', 'wait', 'trap', 'exit', 'return', 'shift', 'ulimit', 'umask', 'kill', 'fi', 'done', 'esac', 'case', 'for', 'function',
  'local', 'declare', 'readonly', 'type', 'hash', 'pushd', 'popd', '}', ')',
]);

const ASSIGNMENT = /^[A-Za-z_][A-Za-z0-9_]*=/;

/** The separators between simple commands. */
const OPERATORS = ['&&', '||', ';;', ';', '|', '&', '\n', '(', ')'] as const;

/**
 * The programs `command` runs, in order, each once: for an argv list its first element, for a
 * shell string the first word of every simple command (`cd api && npm run dev` → `npm`). Words
 * with `$` or backquotes are left out: what they expand to is not known here.
 */
export function commandPrograms(command: string | readonly string[]): string[] {
  const segments = typeof command === 'string' ? splitShell(command) : [[...command]];
  const programs: string[] = [];
  for (const words of segments) {
    const program = programOf(words);
    if (program !== null && !programs.includes(program)) programs.push(program);
  }
  return programs;
}

function programOf(words: readonly string[]): string | null {
  let afterEnv = false;
  for (const word of words) {
    if (ASSIGNMENT.test(word)) continue;
    if (afterEnv && word.startsWith('-')) continue;
    if (PREFIXES.has(word)) {
      afterEnv = word === 'env' || word === 'nice';
      continue;
    }
    if (BUILTINS.has(word) || /[$`]/.test(word) || word === '') return null;
    return word;
  }
  return null;
}

/**
 * Splits a shell string into simple commands, each a list of words with quotes removed. A small
 * subset of sh: single and double quotes, backslash escapes, `#` comments, and the operators
 * `&& || ; | & ( )` and newlines as separators. Redirections (`>file`, `2>&1`) are dropped.
 */
export function splitShell(text: string): string[][] {
  const segments: string[][] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  const endWord = (): void => {
    if (inWord && !/^\d*[<>]/.test(word)) words.push(word);
    word = '';
    inWord = false;
  };
  const endSegment = (): void => {
    endWord();
    if (words.length > 0) segments.push(words);
    words = [];
  };
  for (let index = 0; index < text.length; index++) {
    const char = text[index] ?? '';
    if (char === '\\' && index + 1 < text.length) {
      word += text[++index];
      inWord = true;
    } else if (char === "'" || char === '"') {
      const end = text.indexOf(char, index + 1);
      const stop = end === -1 ? text.length : end;
      word += text.slice(index + 1, stop);
      inWord = true;
      index = stop;
    } else if (char === '#' && !inWord) {
      const end = text.indexOf('\n', index);
      index = end === -1 ? text.length : end - 1;
    } else if (char === ' ' || char === '\t') {
      endWord();
    } else {
      const operator = char === '>' || char === '<' ? undefined : OPERATORS.find((candidate) => text.startsWith(candidate, index));
      if (operator === undefined) {
        word += char;
        inWord = true;
        continue;
      }
      if (char === '&' && /[<>]$/.test(word)) {
        // `2>&1`: part of a redirection
        word += char;
        continue;
      }
      endSegment();
      index += operator.length - 1;
    }
  }
  endSegment();
  return segments;
}
