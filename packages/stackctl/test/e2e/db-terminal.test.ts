// End-to-end in a real terminal: `db restore` asks before replacing, and `db shell` hands sqlite3 the terminal (Ctrl+C included).
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { runCli, waitUntilProjectGone } from './cli-process.js';
import { hasScript, startCliInPty, type PtyRun } from './pty-process.js';
import { createTempProject, type TempProject } from './temp-project.js';

const projects: TempProject[] = [];
const ptys: PtyRun[] = [];

afterEach(async () => {
  for (const pty of ptys.splice(0)) pty.child.stdin?.end();
  for (const p of projects.splice(0)) {
    expect(await waitUntilProjectGone(p.name)).toEqual([]);
    p.remove();
  }
});

async function migratedProject(): Promise<TempProject> {
  const p = createTempProject('services:\n  api:\n    command: node server.js\ndatabase:\n  url: sqlite:./data/app.db\n');
  projects.push(p);
  mkdirSync(path.join(p.dir, 'migrations'));
  writeFileSync(path.join(p.dir, 'migrations/0001_create_todos.sql'), '-- up\nCREATE TABLE todos (id INTEGER PRIMARY KEY, title TEXT NOT NULL);\n');
  const migrated = await runCli(['db', 'migrate'], { cwd: p.dir, env: { STACKCTL_PROJECT: p.name } });
  expect(migrated.code, migrated.stderr).toBe(0);
  return p;
}

function inPty(p: TempProject, args: string[]): PtyRun {
  const run = startCliInPty(args, { cwd: p.dir, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined, STACKCTL_PROJECT: p.name } });
  ptys.push(run);
  return run;
}

const count = (p: TempProject): number => {
  const db = new Database(path.join(p.dir, 'data/app.db'), { readonly: true });
  try {
    return (db.prepare('SELECT count(*) AS n FROM todos').get() as { n: number }).n;
  } finally {
    db.close();
  }
};

describe.runIf(hasScript)('stackctl db in a terminal', () => {
  it('restore asks first: "n" keeps the database, "y" replaces it', async () => {
    const p = await migratedProject();
    expect((await runCli(['db', 'backup'], { cwd: p.dir, env: { STACKCTL_PROJECT: p.name } })).code).toBe(0);
    const [file] = readdirSync(path.join(p.dir, '.stackctl/backups'));
    const backup = `.stackctl/backups/${file ?? ''}`;
    new Database(path.join(p.dir, 'data/app.db')).exec("INSERT INTO todos (title) VALUES ('new')").close();

    const declined = inPty(p, ['db', 'restore', backup]);
    await declined.waitForOutput(`with backup ${backup}? [y/N] `);
    expect(declined.output()).toMatch(/Replace SQLite .+\/data\/app\.db with backup/);
    declined.type('n\r');
    expect(await declined.exited).toBe(1);
    expect(declined.output()).toContain('not restored: nothing was changed');
    expect(count(p)).toBe(1);

    const accepted = inPty(p, ['db', 'restore', backup]);
    await accepted.waitForOutput('[y/N] ');
    accepted.type('y\r');
    expect(await accepted.exited).toBe(0);
    expect(accepted.output()).toContain(`restored SQLite ${path.join(p.dir, 'data/app.db')} from ${backup}`);
    expect(count(p)).toBe(0);
  });

  it('shell gives sqlite3 the terminal: Ctrl+C interrupts sqlite3, not stackctl, and .quit ends both with 0', async () => {
    const p = await migratedProject();
    const shell = inPty(p, ['db', 'shell']);
    await shell.waitForOutput('sqlite> ');
    shell.type('.tables\r');
    await shell.waitForOutput(/stackctl_migrations\s.*todos/);
    shell.type('\u0003');
    await new Promise((resolve) => setTimeout(resolve, 300));
    shell.type('select 40 + 2;\r');
    await shell.waitForOutput(/\D42\r?\n/);
    shell.type('.quit\r');
    expect(await shell.exited).toBe(0);
  });
});
