// Todo persistence: the only module that knows the SQL, returning plain todo records.
/** @typedef {{ id: number, title: string, done: boolean, createdAt: string }} Todo */

const toTodo = (row) => row && { id: row.id, title: row.title, done: row.done === 1, createdAt: row.created_at };

/** Prepares every statement up front, so a broken schema fails at start-up, not on the first request. */
export function createTodoStore(db) {
  const statements = {
    list: db.prepare('SELECT * FROM todos ORDER BY id'),
    get: db.prepare('SELECT * FROM todos WHERE id = ?'),
    insert: db.prepare('INSERT INTO todos (title) VALUES (?) RETURNING *'),
    update: db.prepare(
      'UPDATE todos SET title = coalesce(@title, title), done = coalesce(@done, done) WHERE id = @id RETURNING *',
    ),
    remove: db.prepare('DELETE FROM todos WHERE id = ?'),
  };

  return {
    /** @returns {Todo[]} */
    list: () => statements.list.all().map(toTodo),
    /** @returns {Todo | undefined} */
    get: (id) => toTodo(statements.get.get(id)),
    /** @returns {Todo} */
    create: (title) => toTodo(statements.insert.get(title)),
    /** Applies the given fields; @returns {Todo | undefined} undefined when no such todo. */
    update: (id, { title = null, done = null }) =>
      toTodo(statements.update.get({ id, title, done: done === null ? null : Number(done) })),
    /** @returns {boolean} whether a todo was deleted. */
    remove: (id) => statements.remove.run(id).changes > 0,
  };
}
