// The one POSIX shell quoter: every shell string stackctl builds (tmux windows, Terminal.app, iTerm2) goes through it.

/** Characters that need no quoting in sh, bash, zsh and fish (no `=`: zsh expands a leading `=cmd`; no `%`: old fish). */
const SAFE = /^[A-Za-z0-9_./,:+@-]+$/;

/**
 * Quotes one argument so a shell reads back exactly `arg`: single quotes around runs of ordinary
 * characters, and a `'` or `\` written outside them as `\'` / `\\` (the classic `'\''`). Writing
 * the backslash outside the quotes keeps the result identical in fish, which (unlike POSIX sh)
 * treats `\\` inside single quotes as an escape. Newlines and unicode stay literal inside quotes.
 */
export function quotePosix(arg: string): string {
  if (arg === '') return "''";
  if (SAFE.test(arg)) return arg;
  let out = '';
  let open = false;
  for (const char of arg) {
    if (char === "'" || char === '\\') {
      if (open) out += "'";
      open = false;
      out += `\\${char}`;
    } else {
      if (!open) out += "'";
      open = true;
      out += char;
    }
  }
  return open ? `${out}'` : out;
}

/** An argv as one shell command line. */
export function posixCommandLine(argv: readonly string[]): string {
  return argv.map(quotePosix).join(' ');
}
