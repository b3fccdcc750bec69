// An env task: creates or completes a dotenv file from its example with the env library (0600, atomically).
import path from 'node:path';
import { StackctlError } from '../../errors/index.js';
import { documentKeys, readDocument, readKeySpecs, setupEnv, writeDocumentAtomically, type DotenvDocument, type KeySpec } from '../env/index.js';
import type { EnvTask } from './setup-task.js';
import type { TaskOutput } from './task-output.js';

export interface EnvAnswers {
  /** Accept the example's values without asking. */
  readonly yes: boolean;
  /** Asks for a value (null: nobody can answer, the example's value is taken). */
  readonly ask: ((spec: KeySpec) => Promise<string>) | null;
}

export interface EnvTaskOutcome {
  /** False when the file had every key of the example already (and nothing was forced). */
  readonly changed: boolean;
  /** `created from .env.example`, `added 2 keys from .env.example`. */
  readonly summary: string;
}

export async function runEnvTask(task: EnvTask, output: TaskOutput, answers: EnvAnswers, force: boolean): Promise<EnvTaskOutcome> {
  const example = readDocument(task.example);
  if (example === null) {
    throw new StackctlError('E_USAGE', `${task.example} disappeared while setup was running`, { hint: 'run `stackctl setup` again' });
  }
  const specs = readKeySpecs(example);
  const existing = readDocument(task.file);
  const missing = keysMissingFrom(existing, specs);
  const from = path.basename(task.example);
  if (existing !== null && missing.length === 0 && !force) return { changed: false, summary: `has every key of ${from}` };
  const result = await setupEnv({ example, specs, existing, sets: {}, yes: answers.yes, ask: answers.ask });
  writeDocumentAtomically(task.file, result.document);
  for (const { key, action } of result.actions) if (action !== 'kept') output.line(`${key}: ${action}`);
  if (existing === null) return { changed: true, summary: `created from ${from}` };
  if (missing.length === 0) return { changed: true, summary: `checked against ${from}` };
  return { changed: true, summary: `added ${missing.length} key${missing.length === 1 ? '' : 's'} from ${from}` };
}

/** The file exists and has every key of its example. */
export function envFileUpToDate(task: EnvTask): boolean {
  const example = readDocument(task.example);
  const existing = readDocument(task.file);
  return example !== null && existing !== null && keysMissingFrom(existing, readKeySpecs(example)).length === 0;
}

/** The example's keys the file lacks (all of them when it does not exist). */
export function keysMissingFrom(existing: DotenvDocument | null, specs: readonly KeySpec[]): KeySpec[] {
  const present = new Set(existing === null ? [] : documentKeys(existing));
  return specs.filter((spec) => !present.has(spec.key));
}
