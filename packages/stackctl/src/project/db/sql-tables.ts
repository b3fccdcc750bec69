// Finds the tables a sequence of SQL texts leaves behind: CREATE TABLE adds, DROP TABLE removes, ALTER TABLE … RENAME TO renames.

const IDENT = '(?:"(?:[^"]|"")+"|`[^`]+`|\\[[^\\]]+\\]|[A-Za-z_][A-Za-z0-9_$]*)';
const QUALIFIED = `${IDENT}(?:\\s*\\.\\s*${IDENT})?`;
const STATEMENTS = new RegExp(
  [
    `\\bCREATE\\s+(?:(?:GLOBAL|LOCAL)\\s+)?(?<temp>(?:TEMP|TEMPORARY)\\s+)?(?:UNLOGGED\\s+|VIRTUAL\\s+)?TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?<created>${QUALIFIED})`,
    `\\bDROP\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?<dropped>${QUALIFIED}(?:\\s*,\\s*${QUALIFIED})*)`,
    `\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:ONLY\\s+)?(?<renamed>${QUALIFIED})\\s+RENAME\\s+TO\\s+(?<to>${IDENT})`,
  ].join('|'),
  'gi',
);

/** Blanks comments and string literals (keeping length), so names inside them are not mistaken for statements. */
function stripLiteralsAndComments(sql: string): string {
  return sql.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|'(?:[^']|'')*'/g, (match) => match.replace(/[^\n]/g, ' '));
}

/** An identifier as the database stores it: quotes removed, unquoted names folded to lower case (PostgreSQL's rule). */
function unquote(identifier: string): string {
  const trimmed = identifier.trim();
  const first = trimmed[0];
  if (first === '"') return trimmed.slice(1, -1).replace(/""/g, '"');
  if (first === '`' || first === '[') return trimmed.slice(1, -1);
  return trimmed.toLowerCase();
}

/** `app."Todos"` → `app.Todos`; a name without schema stays unqualified. */
function tableName(qualified: string): string {
  const parts = qualified.match(new RegExp(IDENT, 'g')) ?? [];
  return parts.map(unquote).join('.');
}

/** Splits `a, b.c` (DROP TABLE's list) into names, leaving dots inside quotes alone. */
function tableList(list: string): string[] {
  return (list.match(new RegExp(QUALIFIED, 'g')) ?? []).map(tableName);
}

export interface SqlSource {
  readonly sql: string;
  /** Who wrote it, carried into the result (a migration file's name). */
  readonly origin: string;
}

/** The tables that exist after running `sources` in order (temporary tables excluded), each with the source that created it. */
export function tablesLeftBy(sources: readonly SqlSource[]): Map<string, string> {
  const tables = new Map<string, string>();
  for (const source of sources) {
    for (const match of stripLiteralsAndComments(source.sql).matchAll(STATEMENTS)) {
      const groups = match.groups ?? {};
      if (groups.created !== undefined && groups.temp === undefined) tables.set(tableName(groups.created), source.origin);
      else if (groups.dropped !== undefined) for (const name of tableList(groups.dropped)) tables.delete(name);
      else if (groups.renamed !== undefined && groups.to !== undefined) {
        const from = tableName(groups.renamed);
        const schema = from.includes('.') ? `${from.slice(0, from.indexOf('.'))}.` : '';
        const origin = tables.get(from) ?? source.origin;
        tables.delete(from);
        tables.set(`${schema}${unquote(groups.to)}`, origin);
      }
    }
  }
  return tables;
}
