// One todo in the list: a checkbox to toggle it and a button to delete it.
export function TodoItem({ todo, onToggle, onRemove }) {
  return (
    <li data-testid="todo-item" data-id={todo.id} data-done={todo.done} className={todo.done ? 'done' : undefined}>
      <label>
        <input
          data-testid="todo-toggle"
          type="checkbox"
          checked={todo.done}
          onChange={() => onToggle(todo)}
        />
        <span data-testid="todo-title">{todo.title}</span>
      </label>
      <button
        data-testid="todo-delete"
        type="button"
        aria-label={`Delete "${todo.title}"`}
        onClick={() => onRemove(todo)}
      >
        ×
      </button>
    </li>
  );
}
