// A small client for the todo API, with a per-request timeout and errors that say what failed.
const REQUEST_TIMEOUT_MS = 2000;

/** Creates a client for the API at `baseUrl`; every call can be cancelled with `signal`. */
export function createTodoClient(baseUrl, { signal } = {}) {
  const request = async (method, path, body) => {
    const timeout = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
    const response = await fetch(new URL(path, baseUrl), {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
    });
    const data = await response.json().catch(() => null);
    if (!response.ok) {
      throw new Error(`${method} ${path} answered ${response.status}${data?.error ? `: ${data.error}` : ''}`);
    }
    return data;
  };

  return {
    /** @returns {Promise<Array<{ id: number, title: string, done: boolean }>>} */
    listTodos: () => request('GET', '/api/todos'),
    addTodo: (title) => request('POST', '/api/todos', { title }),
  };
}
