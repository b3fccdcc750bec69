// Alembic (SQLAlchemy): upgrade to head, show the current revision and the history, step one revision down.
import type { MigrationPreset } from './preset-types.js';

export const ALEMBIC: MigrationPreset = {
  tool: 'alembic',
  program: { kind: 'python', bins: ['alembic'] },
  display: 'alembic',
  install: 'install it into the project\'s virtualenv: .venv/bin/pip install alembic (or uv add alembic / poetry add alembic)',
  actions: {
    migrate: { kind: 'run', commands: [['upgrade', 'head']] },
    status: { kind: 'run', commands: [['current'], ['history', '--indicate-current']] },
    rollback: { kind: 'run', commands: [['downgrade', '-1']] },
  },
};
