// Options and progress events shared by migrate, rollback and baseline.

export type MigrationProgress = {
  readonly kind: 'applying' | 'applied' | 'rolling-back' | 'rolled-back' | 'baselined';
  readonly version: string;
  readonly name: string;
  /** How long the migration's transaction took (on `applied` and `rolled-back`). */
  readonly durationMs?: number;
};

export interface MigrationOptions {
  readonly onProgress?: (event: MigrationProgress) => void;
  /** How long to wait for another run's migration lock before E_MIGRATION_LOCKED. Default: 60 s. */
  readonly lockTimeoutMs?: number;
}
