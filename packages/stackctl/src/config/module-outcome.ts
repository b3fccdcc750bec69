// What the thread that runs a TS/JS config sends back: the export as plain data, or the one reason it has none.
import type { PlainDataProblem } from './plain-data.js';
import type { SourcePosition } from './problem.js';

/** The worker's input (workerData). */
export interface ModuleRequest {
  /** Absolute path of the config module. */
  readonly file: string;
  /** Resolve 'stackctl' to the light config API (see stackctl-imports.ts). */
  readonly lightStackctl: boolean;
}

/** Sent by the worker once it is ready and starts on the config: the time limit counts from here. */
export interface ModuleStarted {
  readonly kind: 'started';
}

export type ModuleOutcome =
  | { readonly kind: 'value'; readonly value: unknown; readonly problems: readonly PlainDataProblem[] }
  | {
      readonly kind: 'failed';
      /** A sentence that follows the file name: `threw an error: boom`. */
      readonly message: string;
      /** Where in the config file, when the error says. */
      readonly position?: SourcePosition;
      /** The error's stack, for `--debug`. */
      readonly stack?: string;
    };
