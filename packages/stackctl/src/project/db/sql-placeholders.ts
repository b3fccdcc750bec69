// Translates `?` parameter placeholders to PostgreSQL's `$1…$n`, leaving strings, quoted names and comments alone.

/** Skips a quoted run (`'…'`, `"…"`, doubled quotes inside) starting at `start`; returns the index after it. */
function skipQuoted(sql: string, start: number, quote: string): number {
  let index = start + 1;
  while (index < sql.length) {
    if (sql[index] === quote) {
      if (sql[index + 1] === quote) index += 2;
      else return index + 1;
    } else index += 1;
  }
  return index;
}

/** `SELECT * FROM t WHERE a = ? AND b = '?'` → `SELECT * FROM t WHERE a = $1 AND b = '?'`. */
export function toPostgresPlaceholders(sql: string): string {
  let out = '';
  let count = 0;
  let index = 0;
  while (index < sql.length) {
    const char = sql[index];
    let end = index + 1;
    if (char === "'" || char === '"') end = skipQuoted(sql, index, char);
    else if (char === '-' && sql[index + 1] === '-') {
      const newline = sql.indexOf('\n', index);
      end = newline === -1 ? sql.length : newline;
    } else if (char === '/' && sql[index + 1] === '*') {
      const close = sql.indexOf('*/', index + 2);
      end = close === -1 ? sql.length : close + 2;
    } else if (char === '$') {
      const tag = /^\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(index))?.[0];
      if (tag !== undefined) {
        const close = sql.indexOf(tag, index + tag.length);
        end = close === -1 ? sql.length : close + tag.length;
      }
    } else if (char === '?') {
      count += 1;
      out += `$${count}`;
      index += 1;
      continue;
    }
    out += sql.slice(index, end);
    index = end;
  }
  return out;
}
