// VS Code / Cursor (TERM_PROGRAM=vscode): a task per service in `.vscode/tasks.json`, each in a dedicated terminal panel, plus one for all.
import path from 'node:path';
import { serviceList, servicesToOpen } from './launch-request.js';
import type { TerminalLauncher } from './terminal-launcher.js';
import { mergeTasksFile, stackctlTasks } from './vscode-tasks.js';

export function tasksFilePath(projectRoot: string): string {
  return path.join(projectRoot, '.vscode', 'tasks.json');
}

export const vscodeLauncher: TerminalLauncher = {
  id: 'vscode',
  label: 'VS Code tasks',
  requires: 'VS Code or Cursor (TERM_PROGRAM=vscode) to run the tasks',
  // Writing the tasks file works anywhere; running the tasks needs the editor, which auto-detection checks.
  detect: () => true,
  plan(request, env) {
    const services = servicesToOpen(request);
    const file = tasksFilePath(request.projectRoot);
    const existing = env.readTextFile(file);
    const content = mergeTasksFile(existing, stackctlTasks(request), file);
    const unchanged = content === existing;
    const verb = existing === undefined ? 'wrote' : unchanged ? 'kept (already up to date)' : 'updated';
    return {
      launcher: 'vscode',
      steps: unchanged ? [] : [{ kind: 'write-file', path: file, content }],
      summary: `VS Code tasks: ${verb} .vscode/tasks.json with a task per service (${serviceList(services)}) and "stackctl: all services"`,
      hint: 'run them with Terminal → Run Task… (or the command "Tasks: Run Task") → stackctl: all services',
      record: { version: 1, launcher: 'vscode', services: services.map((service) => service.name) },
    };
  },
};
