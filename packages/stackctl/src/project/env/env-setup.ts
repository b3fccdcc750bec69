// `env setup`: fills a `.env` from its example — values from --set, kept ones, generated secrets, defaults, or answers.
import { StackctlError } from '../../errors/index.js';
import type { KeySpec } from './annotations.js';
import { documentValues, setDotenvValue, type DotenvDocument } from './dotenv-document.js';
import { generateSecret } from './env-rules.js';

export interface SetupInput {
  readonly example: DotenvDocument;
  readonly specs: readonly KeySpec[];
  /** The existing `.env`, or null to start from a copy of the example. */
  readonly existing: DotenvDocument | null;
  /** `--set KEY=VALUE` values. */
  readonly sets: Readonly<Record<string, string>>;
  /** `--yes`: accept the example's values without asking. */
  readonly yes: boolean;
  /** Asks for one value (null when nobody can answer: stdin is not a terminal). */
  readonly ask: ((spec: KeySpec) => Promise<string>) | null;
  readonly generate?: () => string;
}

export interface SetupResult {
  readonly document: DotenvDocument;
  /** What happened to each key, for the report. */
  readonly actions: ReadonlyArray<{ readonly key: string; readonly action: 'set' | 'kept' | 'generated' | 'default' | 'answered' }>;
}

/**
 * An existing `.env` keeps its non-empty values; a new one starts as a copy of the example (comments and order kept).
 * Without --yes and without a terminal, every key that still needs a value must come from --set.
 */
export async function setupEnv(input: SetupInput): Promise<SetupResult> {
  const generate = input.generate ?? (() => generateSecret());
  let document = input.existing ?? input.example;
  const current = input.existing === null ? {} : documentValues(input.existing);
  const actions: Array<SetupResult['actions'][number]> = [];
  const unanswered = input.specs.filter(
    (spec) => input.sets[spec.key] === undefined && !(current[spec.key] ?? '') && !spec.generate,
  );
  if (!input.yes && input.ask === null && unanswered.length > 0) {
    throw new StackctlError('E_USAGE', `stdin is not a terminal: cannot ask for ${unanswered.map((spec) => spec.key).join(', ')}`, {
      hint: 'pass --yes to accept the example values, and --set KEY=VALUE for the others',
    });
  }
  for (const spec of input.specs) {
    const given = input.sets[spec.key];
    let value: string;
    let action: SetupResult['actions'][number]['action'];
    if (given !== undefined) [value, action] = [given, 'set'];
    else if ((current[spec.key] ?? '') !== '') {
      actions.push({ key: spec.key, action: 'kept' });
      continue;
    } else if (spec.generate) [value, action] = [generate(), 'generated'];
    else if (input.yes || input.ask === null) [value, action] = [spec.example, 'default'];
    else [value, action] = [await input.ask(spec), 'answered'];
    document = setDotenvValue(document, spec.key, value);
    actions.push({ key: spec.key, action });
  }
  // --set keys the example does not know are added too.
  for (const [key, value] of Object.entries(input.sets)) {
    if (input.specs.some((spec) => spec.key === key)) continue;
    document = setDotenvValue(document, key, value);
    actions.push({ key, action: 'set' });
  }
  return { document, actions };
}

/** Where assignments were typed, for the error about a malformed one: the flag (null: plain arguments) and an example. */
export interface AssignmentSource {
  readonly flag: string | null;
  readonly example: string;
}

/** `env setup --set KEY=VALUE`. */
export const SET_FLAG: AssignmentSource = { flag: '--set', example: '--set API_KEY=abc123' };

/** `KEY=VALUE` (the value may hold `=`) → entries; a malformed one is bad usage, said in the words the user typed. */
export function parseAssignments(assignments: readonly string[], source: AssignmentSource = SET_FLAG): Record<string, string> {
  const result: Record<string, string> = {};
  for (const assignment of assignments) {
    const match = /^([\w.-]+)=(.*)$/s.exec(assignment);
    if (match === null) {
      const where = source.flag === null ? '' : `${source.flag}: `;
      throw new StackctlError('E_USAGE', `${where}expected KEY=VALUE, got ${JSON.stringify(assignment)}`, { hint: `for example ${source.example}` });
    }
    result[match[1] ?? ''] = match[2] ?? '';
  }
  return result;
}
