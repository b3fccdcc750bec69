// `.vscode/tasks.json`: stackctl's tasks (one per service plus a compound one) merged into the user's file, editing only our part of the text.
import { StackctlError } from '../errors/index.js';
import { jsoncValue, parseJsonc, JsoncSyntaxError, type JsoncArray, type JsoncNode, type JsoncObject } from './jsonc.js';
import type { LaunchRequest } from './terminal-launcher.js';

export const TASK_LABEL_PREFIX = 'stackctl: ';
export const ALL_SERVICES_LABEL = 'stackctl: all services';
/** Marks a task as ours: only marked `stackctl: *` tasks are removed when their service is no longer requested. */
export const TASK_MARKER = 'written by stackctl --separate-terminals; regenerated on every run';

export type VsCodeTask = Readonly<Record<string, unknown>> & { readonly label: string };

/**
 * One background `process` task per service (argv, no shell) in a dedicated panel of the `stackctl`
 * group, and `stackctl: all services` starting them all in parallel. VS Code substitutes `${…}`
 * variables in command, args and cwd; a path holding a literal `${` cannot be expressed in tasks.json.
 */
export function stackctlTasks(request: LaunchRequest): VsCodeTask[] {
  const tasks: VsCodeTask[] = request.services.map((service) => {
    const label = `${TASK_LABEL_PREFIX}${service.name}`;
    if (label === ALL_SERVICES_LABEL) throw new StackctlError('E_USAGE', `a service named "all services" clashes with the VS Code task "${ALL_SERVICES_LABEL}"`);
    return {
      label,
      detail: TASK_MARKER,
      type: 'process',
      command: service.command[0],
      args: service.command.slice(1),
      options: { cwd: request.projectRoot },
      isBackground: true,
      problemMatcher: [],
      presentation: { reveal: 'always', panel: 'dedicated', group: 'stackctl', focus: false },
    };
  });
  tasks.push({
    label: ALL_SERVICES_LABEL,
    detail: TASK_MARKER,
    dependsOn: tasks.map((task) => task.label),
    dependsOrder: 'parallel',
    problemMatcher: [],
  });
  return tasks;
}

/**
 * The new text of tasks.json: the user's text kept byte for byte (comments, order, unknown keys)
 * except that our old tasks are cut out and the new ones appended to the `tasks` array. Running it
 * again on its own output gives the same bytes.
 */
export function mergeTasksFile(existing: string | undefined, tasks: readonly VsCodeTask[], file = 'tasks.json'): string {
  const root = existing === undefined ? null : parseOrExplain(existing, file);
  if (existing === undefined || root === null) return `${JSON.stringify({ version: '2.0.0', tasks }, null, 2)}\n`;
  if (root.type !== 'object') throw invalid(file, 'its top level is not an object');
  const unit = indentUnit(existing);
  const tasksMember = root.members.findLast((member) => member.key === 'tasks');
  if (tasksMember === undefined) return addTasksMember(existing, root, tasks, unit);
  if (tasksMember.value.type !== 'array') throw invalid(file, '"tasks" is not a list');
  return replaceOurTasks(existing, tasksMember.value, tasks, unit);
}

function replaceOurTasks(text: string, array: JsoncArray, tasks: readonly VsCodeTask[], unit: string): string {
  const labels = new Set(tasks.map((task) => task.label));
  const removals: Array<[number, number]> = [];
  let keptLast: JsoncArray['items'][number] | undefined;
  array.items.forEach((item, index) => {
    if (isOurs(item.value, labels)) {
      // From just after the previous item (and its comma) to the end of this item's own comma.
      const from = index === 0 ? array.start + 1 : (array.items[index - 1]?.after ?? array.start + 1);
      removals.push([from, item.comma ? item.after : item.value.end]);
    } else keptLast = item;
  });
  const insertAt = keptLast === undefined ? array.start + 1 : keptLast.after;
  const keyIndent = lineIndent(text, array.start);
  const firstItem = array.items[0]?.value;
  const itemIndent = firstItem !== undefined && startsLine(text, firstItem.start) ? lineIndent(text, firstItem.start) : keyIndent + unit;

  const removed = applyRemovals(text, removals);
  const at = mapOffset(insertAt, removals);
  const close = mapOffset(array.end - 1, removals);
  const needsComma = keptLast !== undefined && !keptLast.comma;
  const closeOnItsOwnLine = removed.slice(at, close).includes('\n') ? '' : `\n${keyIndent}`;
  const insertion = `${needsComma ? ',' : ''}${tasks.map((task) => `\n${itemIndent}${render(task, unit, itemIndent)}`).join(',')}${closeOnItsOwnLine}`;
  return removed.slice(0, at) + insertion + removed.slice(at);
}

/** A file without a `tasks` key gets one, after its last member. */
function addTasksMember(text: string, root: JsoncObject, tasks: readonly VsCodeTask[], unit: string): string {
  const last = root.members.at(-1);
  const at = last === undefined ? root.start + 1 : last.after;
  const needsComma = last !== undefined && last.after === last.value.end;
  const itemIndent = unit + unit;
  const items = tasks.map((task) => `\n${itemIndent}${render(task, unit, itemIndent)}`).join(',');
  const closeOnItsOwnLine = text.slice(at, root.end - 1).includes('\n') ? '' : '\n';
  return `${text.slice(0, at)}${needsComma ? ',' : ''}\n${unit}"tasks": [${items}\n${unit}]${closeOnItsOwnLine}${text.slice(at)}`;
}

function isOurs(node: JsoncNode, labels: ReadonlySet<string>): boolean {
  if (node.type !== 'object') return false;
  const task = jsoncValue(node) as Record<string, unknown>;
  const label = task.label;
  if (typeof label !== 'string') return false;
  return labels.has(label) || (label.startsWith(TASK_LABEL_PREFIX) && task.detail === TASK_MARKER);
}

function render(task: VsCodeTask, unit: string, indent: string): string {
  return JSON.stringify(task, null, unit).split('\n').join(`\n${indent}`);
}

function applyRemovals(text: string, removals: ReadonlyArray<[number, number]>): string {
  let out = '';
  let cursor = 0;
  for (const [from, to] of removals) {
    out += text.slice(cursor, from);
    cursor = to;
  }
  return out + text.slice(cursor);
}

/** Where an offset (never inside a removed range) lands once the ranges are cut out. */
function mapOffset(offset: number, removals: ReadonlyArray<[number, number]>): number {
  return removals.reduce((moved, [from, to]) => (to <= offset ? moved - (to - from) : moved), offset);
}

/** The whitespace a file indents one level with: that of its first indented line, else two spaces. */
function indentUnit(text: string): string {
  return /^([ \t]+)\S/m.exec(text)?.[1] ?? '  ';
}

function lineIndent(text: string, offset: number): string {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart, offset))?.[0] ?? '';
}

function startsLine(text: string, offset: number): boolean {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  return /^[ \t]*$/.test(text.slice(lineStart, offset));
}

function parseOrExplain(text: string, file: string): JsoncNode | null {
  try {
    return parseJsonc(text);
  } catch (error) {
    if (!(error instanceof JsoncSyntaxError)) throw error;
    throw invalid(file, error.message, error);
  }
}

function invalid(file: string, why: string, cause?: unknown): StackctlError {
  return new StackctlError('E_CONFIG_INVALID', `${file} could not be updated: ${why}`, {
    cause,
    hint: 'fix the file (or move it away) and run again; stackctl never overwrites a tasks file it cannot read',
  });
}
