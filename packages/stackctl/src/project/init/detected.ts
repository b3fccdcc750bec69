// What detection finds: services to run (with their guessed port and check) and hints about containers stackctl will not run.

/** `tool`: a dev server for people (Storybook, an e-mail preview, a docs site) that no service waits for. */
export type ServiceRole = 'frontend' | 'backend' | 'worker' | 'tool';

export type HealthGuess = { readonly kind: 'http'; readonly path: string } | { readonly kind: 'tcp' };

export interface DetectedService {
  /** Preferred service name (made unique and valid later). */
  readonly name: string;
  readonly command: string;
  /** Folder relative to the project root, `.` for the root. */
  readonly cwd: string;
  readonly role: ServiceRole;
  /** Human name of what was recognised, e.g. "Vite", "FastAPI", "Procfile". */
  readonly framework: string;
  readonly port?: number;
  /** Where the port came from, for the comment: "--port flag", "vite.config.ts", ".env", "Vite default". */
  readonly portSource?: string;
  /** Whether the app is expected to listen on $PORT (so a clashing default can be moved). */
  readonly honoursPortEnv?: boolean;
  readonly health?: HealthGuess;
  /** `health.start_period` for a server that compiles (or initialises) before it answers, e.g. `30s`. */
  readonly startPeriod?: string;
  /** For a frontend: the local ports its dev proxy or env points at, and where that is written. */
  readonly targets?: ReadonlyArray<{ readonly port: number; readonly source: string }>;
  /** Why no port was written (said in the comment instead of guessing). */
  readonly portUnknown?: string;
}

export interface ContainerHint {
  readonly name: string;
  readonly image: string;
  readonly ports: readonly number[];
  /** "PostgreSQL", "Redis", … */
  readonly kind: string;
}

export interface Detection {
  readonly services: DetectedService[];
  readonly hints: ContainerHint[];
}
