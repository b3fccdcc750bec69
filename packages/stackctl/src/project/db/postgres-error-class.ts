// Which PostgreSQL errors mean the connection is gone rather than one statement failed: by SQLSTATE class and severity.

/** The fields of a server error (pg's DatabaseError) this decision reads. */
export interface PostgresErrorFields {
  /** SQLSTATE, five characters; its first two are the class. */
  readonly code?: string;
  /** `ERROR`, `FATAL`, `PANIC`… (the server's words, English unless lc_messages says otherwise). */
  readonly severity?: string;
}

/**
 * Classes whose errors end (or never gave) a session: 08 connection exception (08000, 08003,
 * 08006, 08P01 …) and 57 operator intervention (57P01 terminated by an administrator or a fast
 * shutdown, 57P02 crash of another backend, 57P03 the server is starting or stopping).
 */
const CONNECTION_CLASSES: ReadonlySet<string> = new Set(['08', '57']);

/** 57014 query_canceled (statement_timeout, pg_cancel_backend) ends the statement, not the session: the connection still works. */
const STATEMENT_ONLY: ReadonlySet<string> = new Set(['57014']);

/** FATAL ends the session, PANIC the whole server: either way this connection is gone. */
const SESSION_ENDING_SEVERITIES: ReadonlySet<string> = new Set(['FATAL', 'PANIC']);

export type PostgresErrorKind = 'connection-lost' | 'statement-failed';

/** `connection-lost` → E_DATABASE_UNREACHABLE; `statement-failed` → the server's error as it is (a bad query, a constraint …). */
export function classifyPostgresError(error: PostgresErrorFields): PostgresErrorKind {
  const code = typeof error.code === 'string' ? error.code.toUpperCase() : '';
  if (SESSION_ENDING_SEVERITIES.has(error.severity ?? '')) return 'connection-lost';
  if (STATEMENT_ONLY.has(code)) return 'statement-failed';
  return CONNECTION_CLASSES.has(code.slice(0, 2)) ? 'connection-lost' : 'statement-failed';
}
