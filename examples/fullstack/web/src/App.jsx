// The page: heading, add form, and the todo list with its loading, error and empty states.
import { TodoForm } from './TodoForm.jsx';
import { TodoItem } from './TodoItem.jsx';
import { useTodos } from './use-todos.js';

const TITLE = 'stackctl demo — todos';

export function App() {
  const { todos, status, error, reload, add, toggle, remove } = useTodos();
  const open = todos.filter((todo) => !todo.done).length;

  return (
    <main className="app">
      <h1>{TITLE}</h1>
      <TodoForm onAdd={add} />

      {error && (
        <div className="error" role="alert" data-testid="todo-error">
          <span>Something went wrong: {error}</span>
          <button data-testid="todo-retry" type="button" onClick={() => reload()}>
            Retry
          </button>
        </div>
      )}

      {status === 'loading' && (
        <p className="muted" data-testid="todo-loading">
          Loading todos…
        </p>
      )}

      {status === 'ready' && (
        <>
          <ul className="todo-list" data-testid="todo-list">
            {todos.map((todo) => (
              <TodoItem key={todo.id} todo={todo} onToggle={toggle} onRemove={remove} />
            ))}
          </ul>
          <p className="muted" data-testid="todo-summary">
            {todos.length === 0 ? 'Nothing to do yet.' : `${open} open, ${todos.length - open} done`}
          </p>
        </>
      )}
    </main>
  );
}
