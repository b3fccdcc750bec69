// A PostgreSQL URL split for the client programs: the password moves to PGPASSWORD, so it never shows in a process list.
export interface PgConnection {
  /** The URL without its password. */
  readonly url: string;
  /** The environment for psql/pg_dump: `env` plus PGPASSWORD when the URL had a password. */
  readonly env: Record<string, string | undefined>;
}

export function pgConnection(url: string, env: Readonly<Record<string, string | undefined>>): PgConnection {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { url, env: { ...env } };
  }
  if (parsed.password === '') return { url, env: { ...env } };
  const password = decodeURIComponent(parsed.password);
  parsed.password = '';
  return { url: parsed.toString(), env: { ...env, PGPASSWORD: password } };
}

/** The URL as it may be shown: user and host, never the password. */
export function redactedUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password !== '') parsed.password = '***';
    return parsed.toString();
  } catch {
    return url;
  }
}
