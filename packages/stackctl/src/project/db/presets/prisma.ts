// Prisma Migrate: deploy pending migrations and show their status; it has no down migrations.
import type { MigrationPreset } from './preset-types.js';

export const PRISMA: MigrationPreset = {
  tool: 'prisma',
  program: { kind: 'node', bins: ['prisma'] },
  display: 'npx prisma',
  install: 'install it in the project: npm install --save-dev prisma',
  actions: {
    migrate: { kind: 'run', commands: [['migrate', 'deploy']] },
    status: { kind: 'run', commands: [['migrate', 'status']] },
    rollback: {
      kind: 'unsupported',
      message: 'prisma has no down migrations, so `stackctl db rollback` cannot undo one',
      hint: 'write a new migration that reverts the change, or start over with `npx prisma migrate reset` (drops all data)',
    },
  },
};
