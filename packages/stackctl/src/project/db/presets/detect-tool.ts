// Recognises a project's migration tool from the files it keeps (alembic.ini, prisma/schema.prisma, knexfile.js…).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ExternalTool } from './preset-types.js';

/** One rule: the files (any of them) or package.json dependency that give a tool away. */
interface DetectRule {
  readonly tool: ExternalTool;
  readonly files: readonly string[];
  readonly packages: readonly string[];
}

/** Checked in this order; the first that matches wins. */
const RULES: readonly DetectRule[] = [
  { tool: 'alembic', files: ['alembic.ini'], packages: [] },
  { tool: 'prisma', files: ['prisma/schema.prisma', 'schema.prisma'], packages: ['prisma', '@prisma/client'] },
  { tool: 'knex', files: ['knexfile.js', 'knexfile.ts', 'knexfile.cjs', 'knexfile.mjs'], packages: [] },
  { tool: 'drizzle', files: ['drizzle.config.ts', 'drizzle.config.js', 'drizzle.config.mjs'], packages: [] },
  { tool: 'sequelize', files: ['.sequelizerc'], packages: ['sequelize-cli'] },
  { tool: 'django', files: ['manage.py'], packages: [] },
];

/** The migration tool the project in `root` uses, or null when none of the known ones is found. */
export function detectMigrationTool(root: string): ExternalTool | null {
  const dependencies = packageDependencies(path.join(root, 'package.json'));
  for (const rule of RULES) {
    if (rule.files.some((file) => existsSync(path.join(root, file)))) return rule.tool;
    if (rule.packages.some((name) => dependencies.has(name))) return rule.tool;
  }
  return null;
}

/** Names in dependencies and devDependencies; empty when there is no readable package.json. */
function packageDependencies(file: string): Set<string> {
  try {
    const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, unknown>;
    const names = new Set<string>();
    for (const key of ['dependencies', 'devDependencies']) {
      const group = manifest[key];
      if (group !== null && typeof group === 'object') for (const name of Object.keys(group)) names.add(name);
    }
    return names;
  } catch {
    return new Set();
  }
}
