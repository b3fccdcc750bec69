// Calls to the todo API (same origin; Vite proxies /api), throwing an Error with the API's message.

async function request(method, path, body) {
  const response = await fetch(path, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (response.ok) return data;
  // The dev server's proxy answers 502 (no JSON) when the api service is down.
  if (response.status === 502) throw new Error('cannot reach the API; is the api service running?');
  throw new Error(data?.error ?? `the API answered ${response.status}`);
}

export const listTodos = () => request('GET', '/api/todos');
export const createTodo = (title) => request('POST', '/api/todos', { title });
export const updateTodo = (id, patch) => request('PATCH', `/api/todos/${id}`, patch);
export const deleteTodo = (id) => request('DELETE', `/api/todos/${id}`);
