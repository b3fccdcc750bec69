// DatabaseDriver over one `pg` Client: 5 s connect timeout, `?` placeholders, transactional DDL, lost connections reported.
import pg from 'pg';
import { StackctlError } from '../../errors/index.js';
import type { DatabaseDriver, DatabaseTarget } from './database-types.js';
import { classifyPostgresError } from './postgres-error-class.js';
import { toPostgresPlaceholders } from './sql-placeholders.js';

type PostgresTarget = Extract<DatabaseTarget, { kind: 'postgres' }>;

export const CONNECT_TIMEOUT_MS = 5_000;

/** The name this connection shows in pg_stat_activity, so a lock holder can be named. */
export function applicationName(): string {
  return `stackctl (pid ${process.pid})`;
}

const UNREACHABLE_HINT = 'is the server running? check with `stackctl status`, and that database.url has the right host and port';

/** A hint for the server's refusals that are not "unreachable" in the network sense. */
function refusalHint(error: unknown, target: PostgresTarget): string {
  const code = (error as { code?: unknown }).code;
  if (code === '3D000') return `create the database first: createdb -h ${target.address.split(':')[0] ?? ''} ${target.database} (or \`stackctl db reset\`)`;
  if (code === '28P01' || code === '28000') return 'check the user and password in database.url (or in the .env it reads)';
  return UNREACHABLE_HINT;
}

export async function openPostgres(target: PostgresTarget): Promise<DatabaseDriver> {
  const client = new pg.Client({ connectionString: target.url, connectionTimeoutMillis: CONNECT_TIMEOUT_MS, application_name: applicationName() });
  const driver = new PostgresDriver(client, target);
  try {
    await client.connect();
  } catch (error) {
    await client.end().catch(() => undefined);
    throw new StackctlError('E_DATABASE_UNREACHABLE', `cannot connect to ${describe(target)}: ${(error as Error).message || String(error)}`, {
      cause: error,
      hint: refusalHint(error, target),
    });
  }
  return driver;
}

function describe(target: PostgresTarget): string {
  return `PostgreSQL database ${target.database} at ${target.address}`;
}

class PostgresDriver implements DatabaseDriver {
  readonly kind = 'postgres' as const;
  private depth = 0;
  private lost: Error | null = null;
  private closed = false;

  constructor(
    private readonly client: pg.Client,
    private readonly target: PostgresTarget,
  ) {
    // Without a listener a dropped connection would crash the process; remember it and report it on the next call.
    client.on('error', (error) => {
      this.lost = error;
    });
  }

  async query<Row extends Record<string, unknown> = Record<string, unknown>>(sql: string, params: readonly unknown[] = []): Promise<Row[]> {
    const result = await this.run(() =>
      params.length === 0 ? this.client.query(sql) : this.client.query(toPostgresPlaceholders(sql), [...params]),
    );
    // Several statements in one text (simple protocol) answer one result each: the last one is the answer.
    const last = Array.isArray(result) ? (result as pg.QueryResult[]).at(-1) : result;
    return (last?.rows ?? []) as Row[];
  }

  async exec(sql: string): Promise<void> {
    await this.run(() => this.client.query(sql));
  }

  async transaction<T>(work: () => Promise<T>): Promise<T> {
    const savepoint = `stackctl_${this.depth}`;
    const outermost = this.depth === 0;
    await this.exec(outermost ? 'BEGIN' : `SAVEPOINT ${savepoint}`);
    this.depth += 1;
    try {
      const result = await work();
      await this.exec(outermost ? 'COMMIT' : `RELEASE SAVEPOINT ${savepoint}`);
      return result;
    } catch (error) {
      if (this.lost === null) {
        await this.exec(outermost ? 'ROLLBACK' : `ROLLBACK TO SAVEPOINT ${savepoint}`).catch(() => undefined);
      }
      throw error;
    } finally {
      this.depth -= 1;
    }
  }

  async tableExists(name: string): Promise<boolean> {
    const dot = name.indexOf('.');
    const schema = dot === -1 ? null : name.slice(0, dot);
    const table = dot === -1 ? name : name.slice(dot + 1);
    const rows = await this.query(
      'SELECT 1 FROM information_schema.tables WHERE table_schema = coalesce(?::text, current_schema()) AND table_name = ?',
      [schema, table],
    );
    return rows.length > 0;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.client.end().catch(() => undefined);
  }

  /**
   * Runs a call. A server error about the statement passes through; one that ends the session
   * (SQLSTATE class 08 or 57, severity FATAL: the backend terminated, the server shutting down,
   * see postgres-error-class.ts) and anything else mean the connection is gone.
   */
  private async run<T>(call: () => Promise<T>): Promise<T> {
    if (this.lost !== null) throw this.unreachable(this.lost);
    try {
      return await call();
    } catch (error) {
      if (error instanceof pg.DatabaseError && classifyPostgresError(error) === 'statement-failed') throw error;
      // Later calls (a transaction's ROLLBACK among them) fail at once instead of waiting on a dead socket.
      this.lost ??= error as Error;
      throw this.unreachable(error);
    }
  }

  private unreachable(error: unknown): StackctlError {
    const code = (error as { code?: unknown }).code;
    const ended = typeof code === 'string' && code.startsWith('57');
    return new StackctlError('E_DATABASE_UNREACHABLE', `lost the connection to ${describe(this.target)}: ${(error as Error).message || String(error)}`, {
      cause: error,
      hint: ended
        ? `the server ended the connection (SQLSTATE ${code}: terminated, or the server stopped or restarted); check it with \`stackctl status\` and run the command again`
        : UNREACHABLE_HINT,
    });
  }
}
