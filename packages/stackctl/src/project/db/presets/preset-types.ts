// What a migration tool preset is: where its program comes from and which command line each db action runs.
import type { MigrationTool } from '../../../config/types.js';

/** The actions `stackctl db` can hand to a project's own migration tool. */
export type PresetAction = 'migrate' | 'status' | 'rollback';

/** Every tool but the built-in runner. */
export type ExternalTool = Exclude<MigrationTool, 'builtin'>;

/**
 * How the tool's program is found, in database.cwd or a parent folder first, then on PATH:
 * - `node`: `node_modules/.bin/<bin>` (what `npx <bin>` would run), else `<bin>` on PATH;
 * - `python`: `.venv/bin/<bin>` or `venv/bin/<bin>` (or $VIRTUAL_ENV's), else `<bin>` on PATH;
 * - `python-script`: the virtualenv's `python`, else `python3`/`python` on PATH, running `script`.
 */
export type ToolProgram =
  | { readonly kind: 'node'; readonly bins: readonly string[] }
  | { readonly kind: 'python'; readonly bins: readonly string[] }
  | { readonly kind: 'python-script'; readonly script: string };

/** One action: the argument lists to run in order, or why the tool cannot do it. */
export type PresetStep =
  | { readonly kind: 'run'; readonly commands: readonly (readonly string[])[] }
  | { readonly kind: 'unsupported'; readonly message: string; readonly hint: string };

export interface MigrationPreset {
  readonly tool: ExternalTool;
  readonly program: ToolProgram;
  /** How the command line reads in docs and messages, before the arguments: `npx prisma`, `alembic`, `python manage.py`. */
  readonly display: string;
  /** How to install the program, for E_TOOL_NOT_FOUND. */
  readonly install: string;
  readonly actions: Readonly<Record<PresetAction, PresetStep>>;
}

/** A command line of an action as a person would type it: `npx knex migrate:latest`. */
export function commandLines(preset: MigrationPreset, action: PresetAction): string[] {
  const step = preset.actions[action];
  return step.kind === 'run' ? step.commands.map((args) => [preset.display, ...args].join(' ')) : [];
}
