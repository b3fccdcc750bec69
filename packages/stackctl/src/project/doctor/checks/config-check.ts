// `config`: the config loads; otherwise one `fail` per problem, `file:LINE:COL path: message`.
import type { DoctorCheck, Finding } from '../doctor-check.js';
import { fail, ok, plural, warn } from '../findings.js';
import { shownPath } from '../shown-path.js';

const SCHEMA_HINT = 'every key is described in README.md "Configuration"';

export const configCheck: DoctorCheck = {
  id: 'config',
  title: 'The config loads',
  needs: 'nothing',
  async run(ctx) {
    const state = ctx.configState;
    switch (state.kind) {
      case 'not-found':
        return [fail(state.message, state.hint ?? 'run `stackctl init` to write a stackctl.yaml, or pass --config')];
      case 'error':
        return [fail(state.message, state.hint ?? `fix ${state.file === null ? 'the config' : shownPath(state.file, ctx.cwd)}`)];
      case 'invalid':
        return state.problems.map((problem): Finding => {
          const where = problem.line === null ? shownPath(problem.file, ctx.cwd) : `${shownPath(problem.file, ctx.cwd)}:${problem.line}`;
          const fix = `edit ${where}; ${SCHEMA_HINT}`;
          return problem.severity === 'error' ? fail(problem.formatted, fix) : warn(problem.formatted, fix);
        });
      case 'loaded': {
        const { config } = state;
        const count = Object.keys(config.services).length;
        const findings: Finding[] = [ok(`${shownPath(config.configPath, ctx.cwd)} is valid (${plural(count, 'service')})`)];
        // A missing env_file is the env check's to report, with the command that creates it.
        const warnings = state.warnings.filter((problem) => !(/\.env_file(\[\d+\])?$/.test(problem.path) && problem.message.startsWith('file not found')));
        for (const problem of warnings) findings.push(warn(problem.formatted, `edit ${shownPath(problem.file, ctx.cwd)}; ${SCHEMA_HINT}`));
        return findings;
      }
    }
  },
};
