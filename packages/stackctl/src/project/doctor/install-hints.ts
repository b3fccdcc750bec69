// How to install a program stackctl found missing: the Debian package, the npm package or the pip package.

const APT = (pkg: string): string => `sudo apt install ${pkg}`;
const NPM_DEV = (pkg: string): string => `npm install --save-dev ${pkg}`;
const PIP = (pkg: string): string => `pip install ${pkg} (in the service's .venv: .venv/bin/pip install ${pkg})`;

const HINTS: Readonly<Record<string, string>> = {
  node: 'install Node.js: nvm install --lts (or https://nodejs.org)',
  npm: 'npm comes with Node.js: nvm install --lts',
  npx: 'npx comes with Node.js: nvm install --lts',
  pnpm: 'npm install -g pnpm (or corepack enable pnpm)',
  yarn: 'npm install -g yarn (or corepack enable yarn)',
  bun: 'npm install -g bun (or see https://bun.sh)',
  deno: 'npm install -g deno (or see https://deno.com)',
  python3: APT('python3 python3-venv'),
  python: APT('python-is-python3'),
  pip: APT('python3-pip'),
  pip3: APT('python3-pip'),
  uv: 'pip install uv (or see https://docs.astral.sh/uv)',
  poetry: 'pip install poetry',
  pipenv: 'pip install pipenv',
  uvicorn: PIP('uvicorn'),
  gunicorn: PIP('gunicorn'),
  flask: PIP('flask'),
  celery: PIP('celery'),
  alembic: PIP('alembic'),
  'django-admin': PIP('django'),
  psql: APT('postgresql-client'),
  pg_dump: APT('postgresql-client'),
  postgres: APT('postgresql'),
  pg_ctl: APT('postgresql'),
  sqlite3: APT('sqlite3'),
  'redis-server': APT('redis-server'),
  'redis-cli': APT('redis-tools'),
  mongod: 'install MongoDB: see https://www.mongodb.com/docs/manual/installation/',
  docker: APT('docker.io'),
  go: APT('golang-go'),
  cargo: APT('cargo'),
  ruby: APT('ruby'),
  bundle: APT('ruby-bundler'),
  php: APT('php-cli'),
  java: APT('default-jre'),
  make: APT('make'),
  git: APT('git'),
  curl: APT('curl'),
  caddy: APT('caddy'),
  nginx: APT('nginx'),
  tsx: NPM_DEV('tsx'),
  'ts-node': NPM_DEV('ts-node'),
  tsc: NPM_DEV('typescript'),
  vite: NPM_DEV('vite'),
  next: NPM_DEV('next'),
  nodemon: NPM_DEV('nodemon'),
  nest: NPM_DEV('@nestjs/cli'),
  prisma: NPM_DEV('prisma'),
  knex: NPM_DEV('knex'),
  'drizzle-kit': NPM_DEV('drizzle-kit'),
  sequelize: NPM_DEV('sequelize-cli'),
  'sequelize-cli': NPM_DEV('sequelize-cli'),
};

/** The install command for `program`; for one not in the table, a generic step naming where it is used. */
export function installHint(program: string, usedIn: string): string {
  const base = program.slice(program.lastIndexOf('/') + 1);
  if (program.includes('/')) return `${program} does not exist or is not executable: fix the path in ${usedIn}`;
  return HINTS[base] ?? `install ${base} (the package that provides it), or fix ${usedIn}`;
}
