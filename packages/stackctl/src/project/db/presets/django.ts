// Django: `manage.py migrate` and `showmigrations`; rolling back needs an app and a migration name.
import type { MigrationPreset } from './preset-types.js';

export const DJANGO: MigrationPreset = {
  tool: 'django',
  program: { kind: 'python-script', script: 'manage.py' },
  display: 'python manage.py',
  install: 'create the virtualenv with Django in it (python3 -m venv .venv && .venv/bin/pip install django), or install python3',
  actions: {
    migrate: { kind: 'run', commands: [['migrate', '--noinput']] },
    status: { kind: 'run', commands: [['showmigrations']] },
    rollback: {
      kind: 'unsupported',
      message: 'django rolls back one app to a named migration, which `stackctl db rollback` cannot guess',
      hint: 'run `python manage.py migrate <app> <previous_migration>` (or `zero`) in the database folder; `python manage.py showmigrations` lists them',
    },
  },
};
