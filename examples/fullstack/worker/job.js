// One run of the worker: count open and done todos, and seed a sample todo the first time the list is empty.
export const SAMPLE_TITLE = 'Try `stackctl logs api` in another terminal';

/**
 * Runs once and returns the line to log. `state.seeded` remembers across runs that the sample was added.
 * @param {{ client: ReturnType<import('./todo-client.js').createTodoClient>, state: { seeded: boolean } }} deps
 */
export async function runJob({ client, state }) {
  const todos = await client.listTodos();
  if (todos.length === 0 && !state.seeded) {
    const todo = await client.addTodo(SAMPLE_TITLE);
    state.seeded = true;
    return `list was empty, added sample todo #${todo.id}`;
  }
  const done = todos.filter((todo) => todo.done).length;
  const open = todos.length - done;
  return `${open} open ${open === 1 ? 'todo' : 'todos'}, ${done} done`;
}
