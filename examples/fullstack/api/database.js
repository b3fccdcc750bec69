// Opens the SQLite database (WAL mode); the schema comes from the migrations stackctl runs (`stackctl setup` / `stackctl db migrate`).
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';

/** Opens (creating if needed) the database at `file` and checks the migrations ran; `:memory:` gives a throwaway one. */
export function openDatabase(file) {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'todos'").get();
  if (table === undefined) {
    db.close();
    throw new Error(`the todos table is missing in ${file}: run \`npx stackctl db migrate\` (npm start runs \`stackctl setup\`, which does it)`);
  }
  return db;
}
