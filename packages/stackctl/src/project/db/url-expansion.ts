// Expands ${VAR}, ${VAR:-default} and ${VAR-default} in database.url: the environment wins, then database.env_file.
import fs from 'node:fs';
import { parseDotenv } from '../../config/dotenv.js';
import { StackctlError } from '../../errors/index.js';

const REFERENCE = /\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?-)([^}]*))?\}/g;

export interface ExpandUrlInput {
  readonly url: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Absolute path of the dotenv file; a missing file simply defines nothing. */
  readonly envFile: string;
}

/** The url with every reference replaced; throws E_DATABASE_NOT_CONFIGURED naming each variable that has no value. */
export function expandDatabaseUrl({ url, env, envFile }: ExpandUrlInput): string {
  if (!url.includes('${')) return url;
  if (url.replace(REFERENCE, '').includes('${')) {
    throw new StackctlError('E_CONFIG_INVALID', 'database.url has a malformed ${…} reference', {
      hint: 'write ${NAME}, ${NAME:-default} or ${NAME-default}, where NAME is letters, digits and _',
    });
  }
  let fileValues: Readonly<Record<string, string>> | null = null;
  const lookup = (name: string): string | undefined => {
    const fromEnv = env[name];
    if (fromEnv !== undefined) return fromEnv;
    fileValues ??= readEnvFile(envFile, env);
    return fileValues[name];
  };
  const missing: string[] = [];
  const expanded = url.replace(REFERENCE, (_match, name: string, operator: string | undefined, fallback: string | undefined) => {
    const value = lookup(name);
    if (operator === ':-' && (value === undefined || value === '')) return fallback ?? '';
    if (operator === '-' && value === undefined) return fallback ?? '';
    if (value === undefined) {
      if (!missing.includes(name)) missing.push(name);
      return '';
    }
    return value;
  });
  if (missing.length > 0) {
    const names = missing.map((name) => `\${${name}}`).join(', ');
    const first = missing[0] ?? '';
    throw new StackctlError('E_DATABASE_NOT_CONFIGURED', `database.url uses ${names} but ${missing.length === 1 ? 'it is' : 'they are'} not set`, {
      hint: `set ${missing.join(', ')} in ${envFile} (database.env_file) or in the environment, or give a default in database.url: \${${first}:-value}`,
    });
  }
  return expanded;
}

/** The dotenv file's values (its own ${VAR} references see the environment); none when the file does not exist. */
function readEnvFile(file: string, env: Readonly<Record<string, string | undefined>>): Readonly<Record<string, string>> {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
    throw new StackctlError('E_CONFIG_INVALID', `cannot read database.env_file ${file}: ${(error as Error).message}`, {
      cause: error,
      hint: 'point database.env_file at a readable dotenv file',
    });
  }
  return parseDotenv(text, { scope: env });
}
