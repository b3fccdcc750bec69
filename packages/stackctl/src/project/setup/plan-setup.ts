// The task list of `stackctl setup`, from the resolved config and the file system: env files, installs, `setup:` commands, migrations.
import path from 'node:path';
import type { ResolvedConfig, ResolvedService } from '../../config/types.js';
import { detectNodeInstall } from './detect-node.js';
import { detectPythonInstall } from './detect-python.js';
import type { DetectedInstall } from './detected-install.js';
import { programLookup, type ProgramLookup } from './find-program.js';
import { missingProgram } from './install-hints.js';
import { planEnvTasks, type EnvFileUse } from './plan-env.js';
import { foldersUpToRepositoryRoot } from './project-folders.js';
import type { MigrationTask, ProcessTask, SetupTask, TaskStep } from './setup-task.js';
import { shownPath, taskId } from './task-names.js';

export interface PlanSetupOptions {
  /** The services to set up (known to the config); all when empty. */
  readonly services: readonly string[];
  /** Each service's env_file list as written in the config (relative to its folder); see readConfigEnvFiles. */
  readonly envFiles: Readonly<Record<string, readonly string[]>>;
  /** The environment installs run with (process.env). */
  readonly parentEnv: Readonly<Record<string, string | undefined>>;
  /** Finds programs on PATH; default: parentEnv's PATH. */
  readonly findProgram?: ProgramLookup;
  readonly skipMigrations?: boolean;
}

/** The files a service's `setup:` commands are rerun for when they change. */
const SERVICE_MANIFESTS = [
  'package.json', 'package-lock.json', 'pnpm-lock.yaml', 'yarn.lock', 'bun.lock', 'bun.lockb',
  'requirements.txt', 'pyproject.toml', 'uv.lock', 'poetry.lock',
] as const;

/** Env tasks first (commands may read the files), then installs and `setup:` commands in service order, migrations last. */
export function planSetup(config: ResolvedConfig, options: PlanSetupOptions): SetupTask[] {
  const names = options.services.length > 0 ? [...new Set(options.services)] : Object.keys(config.services);
  const lookup = options.findProgram ?? programLookup(options.parentEnv);
  const uses: EnvFileUse[] = [{ file: path.join(config.root, '.env'), services: [] }];
  for (const name of names) for (const file of options.envFiles[name] ?? []) uses.push({ file: path.resolve(config.root, file), services: [name] });
  if (config.database !== undefined) uses.push({ file: config.database.envFile, services: [] });

  const installs = new Map<string, { install: DetectedInstall; services: string[]; inputs: Set<string> }>();
  const commandTasks = new Map<string, ProcessTask>();
  const order: string[] = [];
  for (const name of names) {
    const service = config.services[name];
    if (service === undefined || service.setup === false) continue;
    if (service.setup !== undefined) {
      const key = `setup:${name}`;
      commandTasks.set(key, setupCommandsTask(service, service.setup));
      order.push(key);
      continue;
    }
    const folders = foldersUpToRepositoryRoot(service.cwd);
    for (const install of [detectNodeInstall(service.cwd, folders), detectPythonInstall(service.cwd, folders, lookup)]) {
      if (install === null) continue;
      const key = `${install.tool}:${install.folder}`;
      const group = installs.get(key);
      if (group === undefined) {
        installs.set(key, { install, services: [name], inputs: new Set(install.inputs) });
        order.push(key);
      } else {
        group.services.push(name);
        for (const input of install.inputs) group.inputs.add(input);
      }
    }
  }
  const installEnv = envForInstalls(config, options.parentEnv);
  const processTasks = order.flatMap((key): ProcessTask[] => {
    const commands = commandTasks.get(key);
    if (commands !== undefined) return [commands];
    const group = installs.get(key);
    if (group === undefined) return [];
    const { install } = group;
    const folder = shownPath(config.root, install.folder);
    return [
      {
        id: taskId('deps', folder, install.tool),
        name: `deps: ${folder} (${install.tool})`,
        kind: 'deps',
        tool: install.tool,
        services: group.services,
        cwd: install.folder,
        env: installEnv,
        steps: install.steps,
        inputs: [...group.inputs].sort(),
        commandKey: install.commandKey,
        output: install.output,
        npmLockfile: install.npmLockfile,
        missing: missingProgram(install.program, lookup),
      },
    ];
  });
  const migrations: MigrationTask[] =
    config.database === undefined || options.skipMigrations === true
      ? []
      : [{ id: 'migrations', name: `migrations (${config.database.tool})`, kind: 'migrations', tool: config.database.tool, services: [] }];
  return [...planEnvTasks(config.root, uses), ...processTasks, ...migrations];
}

function setupCommandsTask(service: ResolvedService, commands: readonly (string | readonly string[])[]): ProcessTask {
  const steps: TaskStep[] = commands.map((command) => ({ command, display: typeof command === 'string' ? command : command.join(' ') }));
  return {
    id: taskId('setup', service.name),
    name: `setup: ${service.name}`,
    kind: 'setup',
    tool: 'setup',
    services: [service.name],
    cwd: service.cwd,
    env: service.env,
    steps,
    inputs: SERVICE_MANIFESTS.map((file) => path.join(service.cwd, file)),
    commandKey: JSON.stringify(commands),
    output: null,
    npmLockfile: null,
    missing: null,
  };
}

/** The parent environment plus stackctl's markers (installs are not one service's, so no STACKCTL_SERVICE or PORT). */
function envForInstalls(config: ResolvedConfig, parentEnv: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(parentEnv)) if (value !== undefined) env[key] = value;
  env.PIP_DISABLE_PIP_VERSION_CHECK ??= '1';
  return { ...env, STACKCTL: '1', STACKCTL_PROJECT: config.project };
}
