// drizzle-kit: applies generated migrations; it has neither a status of the database nor down migrations.
import type { MigrationPreset } from './preset-types.js';

export const DRIZZLE: MigrationPreset = {
  tool: 'drizzle',
  program: { kind: 'node', bins: ['drizzle-kit'] },
  display: 'npx drizzle-kit',
  install: 'install it in the project: npm install --save-dev drizzle-kit',
  actions: {
    migrate: { kind: 'run', commands: [['migrate']] },
    status: {
      kind: 'unsupported',
      message: 'drizzle-kit has no command that shows which migrations a database has applied',
      hint: '`npx drizzle-kit check` checks the migration files; `stackctl db migrate` applies whatever is pending',
    },
    rollback: {
      kind: 'unsupported',
      message: 'drizzle-kit has no down migrations, so `stackctl db rollback` cannot undo one',
      hint: 'generate a new migration that reverts the change (`npx drizzle-kit generate`) and run `stackctl db migrate`',
    },
  },
};
