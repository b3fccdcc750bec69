// Which `.env` a command edits and its example, read as documents; written atomically (tmp + rename) with mode 0600.
import fs from 'node:fs';
import path from 'node:path';
import { StackctlError } from '../../errors/index.js';
import { parseDotenvDocument, serializeDotenv, type DotenvDocument } from './dotenv-document.js';

export interface EnvTarget {
  /** Absolute path of the `.env` file. */
  readonly file: string;
  /** Absolute path of its example (`<file>.example`, or `.env.example` beside a `.env`). */
  readonly example: string;
}

export interface LocateEnvInput {
  /** The config file. */
  readonly configPath: string;
  /** `--file PATH`, relative to `cwd`. */
  readonly file?: string | undefined;
  /** With `--service`: that service's env_file list as written in the config (relative to the config). */
  readonly serviceEnvFiles?: readonly string[] | undefined;
  readonly service?: string | undefined;
  readonly cwd: string;
}

export function locateEnv(input: LocateEnvInput): EnvTarget {
  const root = path.dirname(input.configPath);
  let file: string;
  if (input.file !== undefined) file = path.resolve(input.cwd, input.file);
  else if (input.service !== undefined) {
    const first = input.serviceEnvFiles?.[0];
    if (first === undefined) {
      throw new StackctlError('E_USAGE', `service "${input.service}" has no env_file`, {
        hint: `add env_file: .env to services.${input.service} in the config, or pass --file PATH`,
      });
    }
    file = path.resolve(root, first);
  } else file = path.join(root, '.env');
  return { file, example: exampleFor(file) };
}

/** `.env` → `.env.example`, `api/.env.local` → `api/.env.local.example`: always the same path plus `.example`. */
function exampleFor(file: string): string {
  return `${file}.example`;
}

export function readDocument(file: string): DotenvDocument | null {
  try {
    return parseDotenvDocument(fs.readFileSync(file, 'utf8'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new StackctlError('E_USAGE', `cannot read ${file}`, { cause: error });
  }
}

export function readRequired(file: string, what: string, hint: string): DotenvDocument {
  const document = readDocument(file);
  if (document === null) throw new StackctlError('E_USAGE', `${what} ${file} does not exist`, { hint });
  return document;
}

/** Writes beside the target then renames over it: readers never see half a file; the mode is 0600 (secrets). */
export function writeDocumentAtomically(file: string, document: DotenvDocument): void {
  const temporary = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  try {
    fs.writeFileSync(temporary, serializeDotenv(document), { mode: 0o600 });
    fs.chmodSync(temporary, 0o600);
    fs.renameSync(temporary, file);
  } catch (error) {
    fs.rmSync(temporary, { force: true });
    throw new StackctlError('E_USAGE', `cannot write ${file}`, { cause: error, hint: 'check the folder exists and is writable' });
  }
}
