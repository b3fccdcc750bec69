// The error an invalid config throws: E_CONFIG_INVALID, one detail line per problem, and the problems as data.
import { StackctlError } from '../errors/index.js';
import { displayFile, type ConfigProblem } from './problem.js';

const HINT = 'fix the problems listed above; every key is described in README.md "Configuration" and in stackctl.schema.json (in the stackctl package\'s schema/ folder)';
/** Every error is an env file `stackctl setup` would make from its example: that is the one thing to do. */
const SETUP_HINT = 'run `stackctl setup` (or `stackctl env setup`) first: it creates the env file from its example';

export class ConfigInvalidError extends StackctlError {
  /** Every problem found (errors first, then warnings), for `--json`. */
  readonly problems: readonly ConfigProblem[];

  constructor(file: string, cwd: string, problems: readonly ConfigProblem[], cause?: unknown) {
    const errors = problems.filter((problem) => problem.severity === 'error');
    const warnings = problems.filter((problem) => problem.severity === 'warning');
    const count = errors.length === 1 ? '1 problem' : `${errors.length} problems`;
    super('E_CONFIG_INVALID', `${count} in ${displayFile(file, cwd)}`, {
      hint: errors.length > 0 && errors.every((problem) => problem.message.includes('`stackctl env setup` to create it')) ? SETUP_HINT : HINT,
      cause,
      details: [
        ...errors.map((problem) => problem.formatted),
        ...warnings.map((problem) => `${problem.formatted} (warning)`),
      ],
    });
    this.name = 'ConfigInvalidError';
    this.problems = [...errors, ...warnings];
  }
}

/** The structured problems of an E_CONFIG_INVALID error, or undefined for any other value. */
export function configProblemsOf(error: unknown): readonly ConfigProblem[] | undefined {
  return error instanceof ConfigInvalidError ? error.problems : undefined;
}
