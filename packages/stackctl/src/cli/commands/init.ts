// `stackctl init`: inspect the project, write a commented stackctl.yaml (checked with loadConfig first); --dry-run prints it.
import fs from 'node:fs';
import path from 'node:path';
import { CONFIG_FILE_NAMES, loadConfig } from '../../config/index.js';
import { StackctlError } from '../../errors/index.js';
import { detectProject, diskProjectFiles, schemaReference, withDebianPostgres, writeConfig, type ProjectPlan } from '../../project/init/index.js';
import { programLookup } from '../../project/setup/index.js';
import { jsonText, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';

export interface InitOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly force: boolean;
  readonly dryRun: boolean;
  /** Accept every default without asking (nothing is asked yet: overwriting needs --force). */
  readonly yes: boolean;
  /** The project folder; default: the working folder. */
  readonly dir?: string;
}

const FILE_NAME = 'stackctl.yaml';

export async function runInit(options: InitOptions): Promise<number> {
  const dir = path.resolve(options.dir ?? process.cwd());
  const target = path.join(dir, FILE_NAME);
  const plan = detectProject(diskProjectFiles(dir), { lookup: withDebianPostgres(programLookup(process.env)), asRoot: process.getuid?.() === 0 });
  if (plan.services.length === 0) {
    throw new StackctlError('E_USAGE', `nothing to run was found in ${dir}: no package.json dev or start script, Python web app or Procfile`, {
      hint:
        'run `stackctl init` in the project\'s folder, or write stackctl.yaml yourself, e.g.\n' +
        '  services:\n    app:\n      command: npm run dev\n      port: 3000',
    });
  }
  const text = writeConfig(plan, { schema: schemaReference(dir) });

  if (options.dryRun) {
    options.stdout(options.globals.json ? jsonText(summary(plan, target, false, text)) : text);
    return 0;
  }
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(dir, name)).filter((file) => fs.existsSync(file));
  if (existing.length > 0 && !options.force) {
    const names = existing.map((file) => path.basename(file));
    const others = names.filter((name) => name !== FILE_NAME);
    throw new StackctlError('E_USAGE', `${names.join(', ')} already exists in ${dir}`, {
      hint:
        others.length === 0
          ? `pass --force to replace ${FILE_NAME} with a new one, or --dry-run to see what would be written`
          : `pass --force to write ${FILE_NAME} anyway (${others.join(', ')} stays, but is ignored: ${FILE_NAME} is read first), or --dry-run to see what would be written`,
    });
  }
  await writeChecked(dir, target, text);
  if (options.globals.json) {
    options.stdout(jsonText(summary(plan, target, true)));
  } else {
    const lines = plan.services.map((service) => `  ${service.name}: ${service.command}${service.port === undefined ? '' : ` (port ${service.port})`}`);
    options.stdout(
      `wrote ${path.relative(process.cwd(), target) || FILE_NAME} with ${plan.services.length} service(s):\n${lines.join('\n')}\n` +
        `${plan.hints.length > 0 ? `containers noted as hints (not run): ${plan.hints.map((hint) => hint.name).join(', ')}\n` : ''}` +
        `${refusedAsRoot(plan)}` +
        'next: check the guesses, then run `stackctl up`\n',
    );
  }
  return 0;
}

/** A line naming the databases left commented because they refuse to run as root, or nothing. */
function refusedAsRoot(plan: ProjectPlan): string {
  const refused = plan.missing.filter((entry) => entry.refusesRoot === true);
  if (refused.length === 0) return '';
  return `left commented (${refused.map((entry) => entry.program).join(', ')} refuses to run as root; see the end of the file): ${refused.map((entry) => entry.service.name).join(', ')}\n`;
}

/** Writes beside the target, validates with loadConfig (as `up` will read it), then renames into place. */
async function writeChecked(dir: string, target: string, text: string): Promise<void> {
  const draft = path.join(dir, `.stackctl-init-${process.pid}.yaml`);
  fs.writeFileSync(draft, text);
  try {
    await loadConfig({ cwd: dir, configPath: draft, parentEnv: process.env });
    fs.renameSync(draft, target);
  } catch (error) {
    fs.rmSync(draft, { force: true });
    throw new StackctlError('E_INTERNAL', 'the generated stackctl.yaml does not load; nothing was written', {
      cause: error,
      hint: 'run `stackctl init --dry-run` to see it, and report this as a bug',
    });
  }
}

function summary(plan: ProjectPlan, file: string, written: boolean, text?: string): unknown {
  return {
    file,
    written,
    package_manager: plan.packageManager,
    services: plan.services.map((service) => ({
      name: service.name,
      command: service.command,
      cwd: service.cwd,
      framework: service.framework,
      port: service.port ?? null,
      health: service.health ?? null,
      depends_on: service.dependsOn,
    })),
    hints: plan.hints,
    missing: plan.missing.map((entry) => ({
      kind: entry.kind,
      program: entry.program,
      install: entry.install,
      needed_by: entry.neededBy,
      because: entry.because,
      ...(entry.refusesRoot === true ? { refuses_root: true } : {}),
    })),
    ...(text === undefined ? {} : { yaml: text }),
  };
}
