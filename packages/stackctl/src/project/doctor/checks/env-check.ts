// `env`: every env file with an example exists and sets each of the example's keys, non-empty and of its @type.
import path from 'node:path';
import type { ResolvedConfig } from '../../../config/types.js';
import { checkEnv, documentValues, readConfigEnvFiles, readDocument, readKeySpecs } from '../../env/index.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { fail, listNames, ok, plural } from '../findings.js';
import { isFile } from '../project-packages.js';
import { shownPath } from '../shown-path.js';

/** One env file to check and the `stackctl env setup` form that creates it. */
interface EnvTarget {
  readonly file: string;
  /** Declared in the config (a service's env_file): it must exist even without an example. */
  readonly declaredBy: string | null;
  /** What picks this file in `stackctl env …`: ``, ` --service api`, ` --file api/.env.local`. */
  readonly flags: string;
}

export const envCheck: DoctorCheck = {
  id: 'env',
  title: 'Env files are complete',
  needs: 'config',
  async run(ctx) {
    if (ctx.config === null) return [];
    const findings: Finding[] = [];
    const complete: string[] = [];
    for (const target of await envTargets(ctx.config, ctx.cwd)) {
      const example = `${target.file}.example`;
      const shown = shownPath(target.file, ctx.cwd);
      const shownExample = shownPath(example, ctx.cwd);
      if (!isFile(example)) {
        if (target.declaredBy !== null && !isFile(target.file)) {
          findings.push(fail(`${shown} does not exist (env_file of ${target.declaredBy})`, `create ${shown}, or remove it from services.${target.declaredBy}.env_file`));
        }
        continue;
      }
      const specs = readKeySpecs(readDocument(example) ?? { lines: [] });
      const document = readDocument(target.file);
      if (document === null) {
        findings.push(fail(`${shown} is missing (${shownExample} lists ${plural(specs.length, 'key')})`, `stackctl env setup${target.flags} creates it from ${shownExample}`));
        continue;
      }
      const problems = checkEnv(specs, documentValues(document));
      if (problems.length === 0) {
        complete.push(shown);
        continue;
      }
      const listed = problems.map((problem) => `${problem.key} ${problem.message}`);
      findings.push(
        fail(
          `${shown}: ${listNames(listed, 5)} (against ${shownExample})`,
          `stackctl env setup${target.flags} asks for the missing values, or \`stackctl env set ${problems[0]?.key ?? 'KEY'}=VALUE${target.flags}\``,
        ),
      );
    }
    if (complete.length > 0) findings.unshift(ok(`${listNames(complete)} set${complete.length === 1 ? 's' : ''} every key of the example`));
    if (findings.length === 0) findings.push(ok('no env file with an .example to check against'));
    return findings;
  },
};

/** `.env` beside the config, every service's env_file, and database.env_file; each once. */
async function envTargets(config: ResolvedConfig, cwd: string): Promise<EnvTarget[]> {
  const targets = new Map<string, EnvTarget>();
  const add = (target: EnvTarget): void => {
    const existing = targets.get(target.file);
    if (existing === undefined) targets.set(target.file, target);
    else if (existing.declaredBy === null && target.declaredBy !== null) targets.set(target.file, { ...existing, declaredBy: target.declaredBy });
  };
  const rootEnv = path.join(config.root, '.env');
  // `stackctl env` picks .env beside the config by itself, and a service's first env_file with --service.
  add({ file: rootEnv, declaredBy: null, flags: '' });
  const { envFiles } = await readConfigEnvFiles(config.configPath, config.source);
  for (const [service, files] of Object.entries(envFiles)) {
    files.forEach((file, index) => {
      const absolute = path.resolve(config.root, file);
      const flags = absolute === rootEnv ? '' : index === 0 ? ` --service ${service}` : ` --file ${shownPath(absolute, cwd)}`;
      add({ file: absolute, declaredBy: service, flags });
    });
  }
  if (config.database !== undefined) {
    const file = config.database.envFile;
    add({ file, declaredBy: null, flags: file === rootEnv ? '' : ` --file ${shownPath(file, cwd)}` });
  }
  return [...targets.values()];
}
