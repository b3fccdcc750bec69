// `state-dir`: .stackctl/ is a folder this user can write, private (folders 0700, every file 0600), and git ignores it.
import fs from 'node:fs';
import path from 'node:path';
import { daemonPathsFor } from '../../../daemon/daemon-paths.js';
import { tightenTree } from '../../../system/private-files.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { fail, listNames, ok, warn } from '../findings.js';
import { shownPath } from '../shown-path.js';

export const stateDirCheck: DoctorCheck = {
  id: 'state-dir',
  title: '.stackctl/ is usable and private',
  needs: 'root',
  async run(ctx) {
    if (ctx.root === null) return [];
    const paths = daemonPathsFor(ctx.root);
    const dir = paths.stateDir;
    const shown = (file: string): string => shownPath(file, ctx.cwd);
    const stat = fs.lstatSync(dir, { throwIfNoEntry: false });
    if (stat === undefined) return [ok(`${shown(dir)} does not exist yet (stackctl creates it when it first starts a service)`)];
    if (!stat.isDirectory()) return [fail(`${shown(dir)} is not a folder`, `move it away (\`mv ${shown(dir)} ${shown(dir)}.old\`); stackctl creates the folder again`)];
    const findings: Finding[] = [];
    try {
      fs.accessSync(dir, fs.constants.W_OK | fs.constants.X_OK);
    } catch {
      findings.push(fail(`${shown(dir)} is not writable by this user`, `\`sudo chown -R "$(id -un)" ${shown(dir)}\` (or \`chmod u+rwx ${shown(dir)}\`)`));
    }
    findings.push(...modeFindings(dir, shown));
    findings.push(...gitIgnored(ctx.root, dir, shown));
    if (!findings.some((finding) => finding.status !== 'ok')) findings.unshift(ok(`${shown(dir)} is writable and private`));
    return findings;
  },
};

/** Past this many entries open to others, one finding sums them up. */
const LISTED_ONE_BY_ONE = 5;

/**
 * The folder itself and everything below it (symlinks not followed) whose mode lets group or others
 * in: one finding each (with its chmod), or one for all of them when there are many.
 */
function modeFindings(dir: string, shown: (file: string) => string): Finding[] {
  const open = openEntries(dir);
  if (open.length === 0) return [];
  if (open.length > LISTED_ONE_BY_ONE) {
    const names = open.map((entry) => `${shown(entry.file)} (${octal(entry.mode)})`);
    return [
      fail(`${open.length} files and folders in ${shown(dir)} are open to other users: ${listNames(names)}`, `\`chmod -R go= ${shown(dir)}\` (\`stackctl doctor --fix\` does it)`, () => {
        makePrivate(dir);
        return `chmod -R go= ${shown(dir)}`;
      }),
    ];
  }
  return open.map(({ file, mode, folder }) => {
    const wanted = folder ? '700' : '600';
    const what = folder ? 'other users can list it' : 'other users can read it';
    return fail(`${shown(file)} has mode ${octal(mode)}: ${what}`, `\`chmod ${wanted} ${shown(file)}\` (\`stackctl doctor --fix\` does it)`, () => {
      // Another fix of this run may have removed it (a stale daemon.pid): gone is private enough.
      if (!fs.existsSync(file)) return `${shown(file)} is gone`;
      fs.chmodSync(file, folder ? 0o700 : 0o600);
      return `chmod ${wanted} ${shown(file)}`;
    });
  });
}

interface OpenEntry {
  readonly file: string;
  readonly mode: number;
  readonly folder: boolean;
}

function openEntries(dir: string): OpenEntry[] {
  const found: OpenEntry[] = [];
  const visit = (file: string): void => {
    const stats = fs.lstatSync(file, { throwIfNoEntry: false });
    if (stats === undefined || stats.isSymbolicLink()) return;
    if ((stats.mode & 0o077) !== 0) found.push({ file, mode: stats.mode, folder: stats.isDirectory() });
    if (!stats.isDirectory()) return;
    let names: string[] = [];
    try {
      names = fs.readdirSync(file).sort();
    } catch {
      return; // not ours to read: the writability finding says so
    }
    for (const name of names) visit(path.join(file, name));
  };
  visit(dir);
  return found;
}

function makePrivate(dir: string): void {
  const { mode } = fs.statSync(dir);
  if ((mode & 0o077) !== 0) fs.chmodSync(dir, mode & 0o700);
  tightenTree(dir);
}

function octal(mode: number): string {
  return (mode & 0o777).toString(8).padStart(4, '0');
}

/** In a git repository, `.stackctl/` must be ignored: its own `.gitignore` of `*`, or a line in the project's .gitignore. */
function gitIgnored(root: string, dir: string, shown: (file: string) => string): Finding[] {
  const repository = gitRoot(root);
  if (repository === null) return [];
  if (/^\*\s*$/m.test(readText(path.join(dir, '.gitignore')))) return [];
  const ignoreFile = path.join(root, '.gitignore');
  if ([ignoreFile, path.join(repository, '.gitignore')].some((file) => listsStateDir(readText(file)))) return [];
  return [
    warn(`${shown(dir)} is not in ${shown(ignoreFile)}: git would pick up logs, sockets and the token`, `add \`.stackctl/\` to ${shown(ignoreFile)} (\`stackctl doctor --fix\` does it)`, () => {
      const text = readText(ignoreFile);
      if (listsStateDir(text)) return `${shown(ignoreFile)} already lists .stackctl/`;
      fs.appendFileSync(ignoreFile, `${text === '' || text.endsWith('\n') ? '' : '\n'}.stackctl/\n`);
      return `added .stackctl/ to ${shown(ignoreFile)}`;
    }),
  ];
}

/** A line `.stackctl`, `.stackctl/`, `/.stackctl/`, `.stackctl/*`… */
function listsStateDir(gitignore: string): boolean {
  return gitignore.split(/\r?\n/).some((line) => /^\/?\.stackctl\/?(\*\*?)?$/.test(line.trim()));
}

/** The folder holding `.git` at or above `folder`, or null outside a repository. */
function gitRoot(folder: string): string | null {
  for (let current = path.resolve(folder); ; current = path.dirname(current)) {
    if (fs.existsSync(path.join(current, '.git'))) return current;
    if (path.dirname(current) === current) return null;
  }
}

function readText(file: string): string {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
}
