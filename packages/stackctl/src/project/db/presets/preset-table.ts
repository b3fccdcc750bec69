// Every migration tool preset by its `tool:` name.
import { ALEMBIC } from './alembic.js';
import { DJANGO } from './django.js';
import { DRIZZLE } from './drizzle.js';
import { KNEX } from './knex.js';
import type { ExternalTool, MigrationPreset } from './preset-types.js';
import { PRISMA } from './prisma.js';
import { SEQUELIZE } from './sequelize.js';

export const PRESETS: Readonly<Record<ExternalTool, MigrationPreset>> = {
  alembic: ALEMBIC,
  prisma: PRISMA,
  knex: KNEX,
  drizzle: DRIZZLE,
  sequelize: SEQUELIZE,
  django: DJANGO,
};
