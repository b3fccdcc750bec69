// The one Windows command-line quoter (the inverse of CommandLineToArgvW), and the tokens Windows Terminal's `wt` needs.

/** Needs quotes: empty, or holds whitespace or a double quote. */
const NEEDS_QUOTES = /^$|[\s"]/;

/**
 * Quotes one argument so CommandLineToArgvW (and the MSVC runtime) read back exactly `arg`:
 * inside quotes, backslashes are literal except before a `"`, so a run of n backslashes before a
 * quote (or before the closing quote) is doubled, and the quote itself escaped as `\"`.
 */
export function quoteWindowsArg(arg: string): string {
  if (!NEEDS_QUOTES.test(arg)) return arg;
  let out = '"';
  let backslashes = 0;
  for (const char of arg) {
    if (char === '\\') {
      backslashes += 1;
      continue;
    }
    if (char === '"') out += `${'\\'.repeat(backslashes * 2 + 1)}"`;
    else out += `${'\\'.repeat(backslashes)}${char}`;
    backslashes = 0;
  }
  return `${out}${'\\'.repeat(backslashes * 2)}"`;
}

/** An argv as one Windows command line. */
export function windowsCommandLine(argv: readonly string[]): string {
  return argv.map(quoteWindowsArg).join(' ');
}

/** `wt` splits its own arguments at every `;` not preceded by a backslash; `\;` keeps one literal. */
export function escapeWtDelimiters(value: string): string {
  return value.replace(/;/g, '\\;');
}

/**
 * The argv elements to give `wt … new-tab` so the tab's process receives exactly `argv`.
 * `wt` rebuilds the tab's command line from its trailing arguments by wrapping each argument that
 * contains a space in plain quotes, without escaping anything. So an argument with a space is
 * handed over as the *inside* of its quoted form (wt adds the quotes), any other one already quoted.
 * Not yet verified on Windows.
 */
export function wtCommandTokens(argv: readonly string[]): string[] {
  return argv.map((arg) => {
    const quoted = quoteWindowsArg(escapeWtDelimiters(arg));
    return arg.includes(' ') ? quoted.slice(1, -1) : quoted;
  });
}
