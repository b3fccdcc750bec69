// `state-dir`: .stackctl/ is a folder this user can write, its socket and token are private (0600), and git ignores it.
import fs from 'node:fs';
import path from 'node:path';
import { daemonPathsFor } from '../../../daemon/daemon-paths.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { fail, ok, warn } from '../findings.js';
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
    for (const file of [paths.socket, path.join(dir, 'token')]) {
      const mode = fs.statSync(file, { throwIfNoEntry: false })?.mode;
      if (mode === undefined || (mode & 0o077) === 0) continue;
      const octal = (mode & 0o777).toString(8).padStart(4, '0');
      findings.push(
        fail(`${shown(file)} has mode ${octal}: other users can read it`, `\`chmod 600 ${shown(file)}\` (\`stackctl doctor --fix\` does it)`, () => {
          fs.chmodSync(file, 0o600);
          return `chmod 600 ${shown(file)}`;
        }),
      );
    }
    findings.push(...gitIgnored(ctx.root, dir, shown));
    if (!findings.some((finding) => finding.status !== 'ok')) findings.unshift(ok(`${shown(dir)} is writable and private`));
    return findings;
  },
};

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
