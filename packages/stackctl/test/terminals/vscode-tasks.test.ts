// VS Code tasks: generated into a temporary project, merged with a user's JSONC file (kept byte for byte), idempotent on a second run.
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isStackctlError } from '../../src/errors/index.js';
import { createTerminalEnv, executeLaunchPlan, launcherFor, tasksFilePath, type LaunchRequest } from '../../src/terminals/index.js';
import { jsoncValue, parseJsonc } from '../../src/terminals/jsonc.js';
import { ALL_SERVICES_LABEL, TASK_MARKER, mergeTasksFile, stackctlTasks } from '../../src/terminals/vscode-tasks.js';
import { TempDirs } from '../helpers/temp-dirs.js';

const roots = new TempDirs(`stackctl vscode "q" $x '`);
afterEach(() => roots.removeAll());
const tempRoot = (): string => roots.create();

function request(root: string, services = ['api', 'web']): LaunchRequest {
  return { project: 'demo', projectRoot: root, services: services.map((name) => ({ name, command: [process.execPath, `${root}/bin/stackctl.js`, 'logs', '-f', name] })) };
}

/** Plans with the real environment (reading the real file) and executes: what `--separate-terminals --terminal vscode` does. */
function run(req: LaunchRequest): { summary: string; text: string } {
  const plan = launcherFor('vscode')?.plan(req, createTerminalEnv({}));
  if (plan === undefined) throw new Error('no vscode launcher');
  executeLaunchPlan(plan);
  return { summary: plan.summary, text: fs.readFileSync(tasksFilePath(req.projectRoot), 'utf8') };
}

function tasksIn(text: string): Array<Record<string, unknown>> {
  const node = parseJsonc(text);
  return ((node === null ? {} : jsoncValue(node)) as { tasks: Array<Record<string, unknown>> }).tasks;
}

const USER_FILE = `// See https://go.microsoft.com/fwlink/?LinkId=733558
{
\t"version": "2.0.0",
\t"myKey": { "keep": true }, // an unknown key
\t"tasks": [
\t\t/* the user's build task */
\t\t{
\t\t\t"label": "build",
\t\t\t"type": "shell",
\t\t\t"command": "npm run build", // trailing comma next
\t\t},
\t],
}
`;

describe('VS Code tasks file', () => {
  it('is generated when missing: a process task per service and a compound one', () => {
    const root = tempRoot();
    const first = run(request(root));
    expect(first.summary).toBe('VS Code tasks: wrote .vscode/tasks.json with a task per service (api, web) and "stackctl: all services"');
    const tasks = tasksIn(first.text);
    expect(tasks.map((task) => task.label)).toEqual(['stackctl: api', 'stackctl: web', ALL_SERVICES_LABEL]);
    expect(tasks[0]).toEqual({
      label: 'stackctl: api',
      detail: TASK_MARKER,
      type: 'process',
      command: process.execPath,
      args: [`${root}/bin/stackctl.js`, 'logs', '-f', 'api'],
      options: { cwd: root },
      isBackground: true,
      problemMatcher: [],
      presentation: { reveal: 'always', panel: 'dedicated', group: 'stackctl', focus: false },
    });
    expect(tasks[2]).toEqual({ label: ALL_SERVICES_LABEL, detail: TASK_MARKER, dependsOn: ['stackctl: api', 'stackctl: web'], dependsOrder: 'parallel', problemMatcher: [] });
    const second = run(request(root));
    expect(second.summary).toMatch(/^VS Code tasks: kept \(already up to date\)/);
    expect(second.text).toBe(first.text);
  });

  it("merges into the user's file: comments, trailing commas, unknown keys and the user's task kept; second run byte-identical", () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(tasksFilePath(root), USER_FILE);
    const first = run(request(root));
    expect(first.summary).toMatch(/^VS Code tasks: updated/);
    // The user's text is untouched up to the end of their last task; ours follow, in the file's own indentation.
    const userPart = USER_FILE.slice(0, USER_FILE.indexOf('\t\t},') + 4);
    expect(first.text.startsWith(userPart)).toBe(true);
    expect(first.text.slice(userPart.length)).toMatch(/^\n\t\t\{\n\t\t\t"label": "stackctl: api",\n/);
    expect(first.text.endsWith('\n\t\t}\n\t],\n}\n')).toBe(true);
    const node = parseJsonc(first.text);
    const document = (node === null ? {} : jsoncValue(node)) as Record<string, unknown>;
    expect(document.myKey).toEqual({ keep: true });
    expect(tasksIn(first.text).map((task) => task.label)).toEqual(['build', 'stackctl: api', 'stackctl: web', ALL_SERVICES_LABEL]);
    expect(tasksIn(first.text)[0]).toEqual({ label: 'build', type: 'shell', command: 'npm run build' });
    expect(run(request(root)).text).toBe(first.text);
  });

  it('drops our tasks for services no longer requested, keeps user tasks that only look like ours', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(tasksFilePath(root), '{"version": "2.0.0", "tasks": [{"label": "stackctl: custom", "command": "mine"}]}\n');
    run(request(root, ['api', 'web']));
    const text = run(request(root, ['api'])).text;
    expect(tasksIn(text).map((task) => task.label)).toEqual(['stackctl: custom', 'stackctl: api', ALL_SERVICES_LABEL]);
    expect(tasksIn(text).at(-1)?.dependsOn).toEqual(['stackctl: api']);
    expect(run(request(root, ['api'])).text).toBe(text);
  });

  it('adds a tasks list to a file without one', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(tasksFilePath(root), '{\n  // no tasks yet\n  "version": "2.0.0"\n}\n');
    const first = run(request(root, ['api']));
    expect(first.text.startsWith('{\n  // no tasks yet\n  "version": "2.0.0",\n  "tasks": [\n    {\n      "label": "stackctl: api",')).toBe(true);
    expect(tasksIn(first.text).map((task) => task.label)).toEqual(['stackctl: api', ALL_SERVICES_LABEL]);
    expect(run(request(root, ['api'])).text).toBe(first.text);
  });

  it('never overwrites a file it cannot read', () => {
    const root = tempRoot();
    fs.mkdirSync(path.join(root, '.vscode'));
    fs.writeFileSync(tasksFilePath(root), '{ "tasks": [ { "label": "x" ');
    let error: unknown;
    try {
      run(request(root));
    } catch (caught) {
      error = caught;
    }
    expect(isStackctlError(error) && [error.code, error.message]).toEqual([
      'E_CONFIG_INVALID',
      `${tasksFilePath(root)} could not be updated: expected "," or "}" at line 1, column 29`,
    ]);
    expect(fs.readFileSync(tasksFilePath(root), 'utf8')).toBe('{ "tasks": [ { "label": "x" ');
  });

  it('is idempotent and keeps user tasks whatever the formatting (fast-check)', () => {
    const userTask = fc.record({ label: fc.string(), command: fc.string() });
    const ours = stackctlTasks(request('/p'));
    fc.assert(
      fc.property(
        fc.array(userTask, { maxLength: 4 }),
        fc.constantFrom('  ', '    ', '\t'),
        fc.boolean(),
        fc.boolean(),
        (users, indent, trailingComma, comment) => {
          let text = JSON.stringify({ version: '2.0.0', tasks: users }, null, indent);
          const lastBrace = text.lastIndexOf('}', text.lastIndexOf(']'));
          if (trailingComma && users.length > 0) text = `${text.slice(0, lastBrace + 1)},${text.slice(lastBrace + 1)}`;
          if (comment) text = text.replace('"tasks": [', '"tasks": [ // mine\n');
          const once = mergeTasksFile(text, ours);
          expect(mergeTasksFile(once, ours)).toBe(once);
          const labels = tasksIn(once).map((task) => task.label);
          expect(labels).toEqual([...users.map((task) => task.label).filter((label) => !ours.some((our) => our.label === label)), ...ours.map((task) => task.label)]);
        },
      ),
      { numRuns: 300 },
    );
  });
});
