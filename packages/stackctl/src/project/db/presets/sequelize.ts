// sequelize-cli: db:migrate, db:migrate:status and db:migrate:undo (the last migration).
import type { MigrationPreset } from './preset-types.js';

export const SEQUELIZE: MigrationPreset = {
  tool: 'sequelize',
  program: { kind: 'node', bins: ['sequelize-cli', 'sequelize'] },
  display: 'npx sequelize-cli',
  install: 'install it in the project: npm install --save-dev sequelize-cli',
  actions: {
    migrate: { kind: 'run', commands: [['db:migrate']] },
    status: { kind: 'run', commands: [['db:migrate:status']] },
    rollback: { kind: 'run', commands: [['db:migrate:undo']] },
  },
};
