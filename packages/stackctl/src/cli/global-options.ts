// The options every command accepts, as commander hands them over.

export interface GlobalOptions {
  readonly config?: string;
  readonly json: boolean;
  readonly debug: boolean;
  /** False with `--no-color`. */
  readonly color: boolean;
}

export function readGlobalOptions(raw: Record<string, unknown>): GlobalOptions {
  return {
    config: typeof raw.config === 'string' ? raw.config : undefined,
    json: raw.json === true,
    debug: raw.debug === true,
    color: raw.color !== false,
  };
}
