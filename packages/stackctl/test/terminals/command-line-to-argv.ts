// Test-side model of how Windows programs split a command line (CommandLineToArgvW / MSVC rules), and of `wt` rejoining its arguments.

/** Splits like CommandLineToArgvW does for every argument after the program name. */
export function commandLineToArgv(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  for (;;) {
    while (line[i] === ' ' || line[i] === '\t') i += 1;
    if (i >= line.length) return args;
    let arg = '';
    let quoted = false;
    while (i < line.length) {
      const char = line[i] as string;
      if ((char === ' ' || char === '\t') && !quoted) break;
      if (char === '\\') {
        let count = 0;
        while (line[i] === '\\') {
          count += 1;
          i += 1;
        }
        if (line[i] === '"') {
          arg += '\\'.repeat(Math.floor(count / 2));
          if (count % 2 === 1) {
            arg += '"';
            i += 1;
          }
        } else arg += '\\'.repeat(count);
        continue;
      }
      if (char === '"') {
        if (quoted && line[i + 1] === '"') {
          arg += '"';
          i += 2;
        } else {
          quoted = !quoted;
          i += 1;
        }
        continue;
      }
      arg += char;
      i += 1;
    }
    args.push(arg);
  }
}

/** What Windows Terminal does with a tab's trailing arguments: wrap those holding a space in quotes, join with spaces. */
export function wtRejoin(tokens: readonly string[]): string {
  return tokens.map((token) => (token.includes(' ') ? `"${token}"` : token)).join(' ');
}

export interface WtTab {
  readonly title: string | undefined;
  readonly dir: string | undefined;
  /** What the tab's process receives. */
  readonly argv: string[];
}

/**
 * A model of `wt [-w id] new-tab [--title t] [-d dir] cmd… ; new-tab …` as documented: arguments are split
 * into commands at every `;` not preceded by a backslash, `\;` stands for a literal `;`, and the
 * trailing arguments are rejoined (wtRejoin) into the tab's command line.
 */
export function wtTabs(argv: readonly string[]): WtTab[] {
  const commands: string[][] = [[]];
  for (const arg of argv.slice(1)) {
    const parts = arg.split(/(?<!\\);/);
    parts.forEach((part, index) => {
      if (index > 0) commands.push([]);
      if (part !== '') commands.at(-1)?.push(part.replace(/\\;/g, ';'));
    });
  }
  return commands.map((command) => {
    const args = [...command];
    if (args[0] === '-w') args.splice(0, 2);
    if (args[0] === 'new-tab' || args[0] === 'nt') args.shift();
    let title: string | undefined;
    let dir: string | undefined;
    for (;;) {
      if (args[0] === '--title') title = args.splice(0, 2)[1];
      else if (args[0] === '-d') dir = args.splice(0, 2)[1];
      else break;
    }
    return { title, dir, argv: commandLineToArgv(wtRejoin(args)) };
  });
}
