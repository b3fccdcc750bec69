// Knex: latest, status, and rollback of the last batch, with the knexfile in database.cwd.
import type { MigrationPreset } from './preset-types.js';

export const KNEX: MigrationPreset = {
  tool: 'knex',
  program: { kind: 'node', bins: ['knex'] },
  display: 'npx knex',
  install: 'install it in the project: npm install knex (and the driver: pg or better-sqlite3)',
  actions: {
    migrate: { kind: 'run', commands: [['migrate:latest']] },
    status: { kind: 'run', commands: [['migrate:status']] },
    rollback: { kind: 'run', commands: [['migrate:rollback']] },
  },
};
