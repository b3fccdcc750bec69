// The todo list's state: loads it, refreshes it when the window regains focus, and applies changes.
import { useCallback, useEffect, useState } from 'react';
import * as api from './todo-api.js';

/**
 * `status` is about the first load ('loading' | 'ready' | 'error'); `error` is the latest failure, if any.
 * `add`, `toggle` and `remove` resolve to true when the API accepted the change.
 */
export function useTodos() {
  const [todos, setTodos] = useState([]);
  const [status, setStatus] = useState('loading');
  const [error, setError] = useState(null);

  const load = useCallback(async ({ quiet = false } = {}) => {
    if (!quiet) setStatus('loading');
    try {
      setTodos(await api.listTodos());
      setStatus('ready');
      setError(null);
    } catch (cause) {
      // A failed background refresh keeps the list on screen; only a failed first load replaces it.
      if (!quiet) setStatus('error');
      setError(cause.message);
    }
  }, []);

  useEffect(() => {
    load();
    // The worker adds todos too; pick them up when the user comes back to the page.
    const onFocus = () => load({ quiet: true });
    window.addEventListener('focus', onFocus);
    return () => window.removeEventListener('focus', onFocus);
  }, [load]);

  /** Runs a change and resolves to whether it worked; a failure is shown as the error, the list stays. */
  const change = useCallback(async (apply) => {
    try {
      await apply();
      setError(null);
      return true;
    } catch (cause) {
      setError(cause.message);
      return false;
    }
  }, []);

  const add = (title) =>
    change(async () => {
      const todo = await api.createTodo(title);
      setTodos((list) => [...list, todo]);
    });

  const toggle = (todo) =>
    change(async () => {
      const updated = await api.updateTodo(todo.id, { done: !todo.done });
      setTodos((list) => list.map((item) => (item.id === updated.id ? updated : item)));
    });

  const remove = (todo) =>
    change(async () => {
      await api.deleteTodo(todo.id);
      setTodos((list) => list.filter((item) => item.id !== todo.id));
    });

  return { todos, status, error, reload: load, add, toggle, remove };
}
