// `node`: this Node.js against `engines.node` of the root package.json and of each service's nearest package.json.
import { shownPath } from '../shown-path.js';
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { parseEnginesRange, parseVersion, satisfies, suggestedVersion } from '../engines-range.js';
import { fail, ok, warn } from '../findings.js';
import { projectPackages, readPackageJson } from '../project-packages.js';

export const nodeCheck: DoctorCheck = {
  id: 'node',
  title: 'Node.js matches engines.node',
  needs: 'config',
  async run(ctx) {
    if (ctx.config === null) return [];
    const version = parseVersion(ctx.nodeVersion);
    if (version === null) return [warn(`cannot read this Node.js version "${ctx.nodeVersion}"`, null)];
    const findings: Finding[] = [];
    const satisfied: string[] = [];
    for (const { file } of projectPackages(ctx.config)) {
      const shown = shownPath(file, ctx.cwd);
      let wanted: unknown;
      try {
        wanted = readPackageJson(file).engines?.node;
      } catch (error) {
        findings.push(warn(`cannot read ${shown}: ${(error as Error).message}`, `fix the JSON in ${shown}`));
        continue;
      }
      if (wanted === undefined) continue;
      const range = typeof wanted === 'string' ? parseEnginesRange(wanted) : null;
      if (range === null) {
        findings.push(warn(`cannot check range ${JSON.stringify(wanted)} (engines.node of ${shown})`, null));
        continue;
      }
      if (satisfies(version, range)) {
        satisfied.push(`"${String(wanted)}" (${shown})`);
        continue;
      }
      const install = suggestedVersion(range);
      findings.push(
        fail(
          `Node ${ctx.nodeVersion} does not satisfy engines.node "${String(wanted)}" of ${shown}`,
          install === null ? `install a Node.js version matching "${String(wanted)}"` : `install Node ${install} (e.g. \`nvm install ${install}\`)`,
        ),
      );
    }
    if (satisfied.length > 0) findings.unshift(ok(`Node ${ctx.nodeVersion} satisfies ${satisfied.join(', ')}`));
    if (findings.length === 0) findings.push(ok(`Node ${ctx.nodeVersion}; no package.json sets engines.node`));
    return findings;
  },
};
