// Whether a service's command starts several servers at once (concurrently, npm-run-all -p, turbo, `a & b`): such a service gets no PORT.
import fs from 'node:fs';
import path from 'node:path';

const WRAPPER =
  /(?:^|[\s;&|(])(?:npx\s+|pnpm\s+exec\s+|yarn\s+)?(?:concurrently|npm-run-all\s+(?:.*\s)?(?:-p|--parallel)\b|run-p|turbo(?:\s+run)?\s|nx\s+run-many|lerna\s+run|foreman\s+start|honcho\s+start|overmind\s+start|pnpm\s+(?:.*\s)?(?:-r|--recursive|--parallel)\b|yarn\s+workspaces\s+foreach|npm\s+(?:.*\s)?(?:-ws|--workspaces)\b)/;
/** One `&` (not `&&`) sends a command to the background: two servers from one shell line. */
const BACKGROUND = /(?:^|[^&])&(?:[^&]|$)/;
const RUN_SCRIPT = /^\s*(?:npm\s+run(?:-script)?|npm|pnpm(?:\s+run)?|yarn(?:\s+run)?|bun\s+run)\s+([\w:.-]+)\s*$/;

/**
 * True for a shell command that is such a wrapper, or that runs a package.json script (of `cwd`, followed
 * through up to three `npm run` hops) that is one. An argv list is one program: never a wrapper unless it
 * is the wrapper program itself.
 */
export function isWrapperCommand(command: string | readonly string[], cwd: string): boolean {
  if (typeof command !== 'string') return WRAPPER.test(` ${command.slice(0, 2).join(' ')} `);
  let text = command;
  for (let hop = 0; hop < 4; hop += 1) {
    if (WRAPPER.test(text) || BACKGROUND.test(text.replace(/'[^']*'|"[^"]*"/g, ''))) return true;
    const script = RUN_SCRIPT.exec(text)?.[1];
    if (script === undefined || hop === 3) return false;
    const next = packageScript(cwd, script);
    if (next === null) return false;
    text = next;
  }
  return false;
}

function packageScript(cwd: string, name: string): string | null {
  try {
    const pkg = JSON.parse(fs.readFileSync(path.join(cwd, 'package.json'), 'utf8')) as { scripts?: Record<string, unknown> };
    const script = pkg.scripts?.[name];
    return typeof script === 'string' ? script : null;
  } catch {
    return null;
  }
}
