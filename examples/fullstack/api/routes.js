// The route table: method + path pattern → handler. Handlers return { status, body } or throw HttpError.
import { readJson } from './http.js';
import { parseId, parsePatch, parseTitle } from './todo-input.js';

/**
 * @param {{ todos: ReturnType<import('./todo-store.js').createTodoStore>, readiness: { state: string } }} deps
 */
export function createRoutes({ todos, readiness }) {
  const notFound = (id) => ({ status: 404, body: { error: `todo ${id} not found` } });

  return [
    {
      method: 'GET',
      path: /^\/health$/,
      handle: () =>
        readiness.state === 'ready'
          ? { status: 200, body: { status: 'ok' } }
          : { status: 503, body: { status: readiness.state } },
    },
    {
      method: 'GET',
      path: /^\/api\/todos$/,
      handle: () => ({ status: 200, body: todos.list() }),
    },
    {
      method: 'POST',
      path: /^\/api\/todos$/,
      handle: async ({ req }) => {
        const { title } = await readJson(req);
        return { status: 201, body: todos.create(parseTitle(title)) };
      },
    },
    {
      method: 'PATCH',
      path: /^\/api\/todos\/([^/]+)$/,
      handle: async ({ req, params: [raw] }) => {
        const id = parseId(raw);
        const patch = parsePatch(await readJson(req));
        const todo = todos.update(id, patch);
        return todo ? { status: 200, body: todo } : notFound(id);
      },
    },
    {
      method: 'DELETE',
      path: /^\/api\/todos\/([^/]+)$/,
      handle: ({ params: [raw] }) => {
        const id = parseId(raw);
        return todos.remove(id) ? { status: 204, body: null } : notFound(id);
      },
    },
  ];
}
