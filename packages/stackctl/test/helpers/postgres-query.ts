// One SQL statement on a PostgreSQL database by URL, through a fresh client: for tests that check what stackctl left there.
import pg from 'pg';

/** The rows `sql` returns (none for a statement that returns none). */
export async function query<Row>(url: string, sql: string): Promise<Row[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(sql)).rows as Row[];
  } finally {
    await client.end();
  }
}
