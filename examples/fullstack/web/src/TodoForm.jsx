// The "add a todo" form: a title input and a button, disabled while the request runs.
import { useState } from 'react';

const MAX_TITLE_LENGTH = 200;

export function TodoForm({ onAdd }) {
  const [title, setTitle] = useState('');
  const [pending, setPending] = useState(false);

  async function handleSubmit(event) {
    event.preventDefault();
    if (title.trim() === '') return;
    setPending(true);
    // On failure the app shows the error and the text stays, so the user can try again.
    if (await onAdd(title.trim())) setTitle('');
    setPending(false);
  }

  return (
    <form className="todo-form" onSubmit={handleSubmit}>
      <input
        data-testid="todo-input"
        aria-label="New todo"
        placeholder="What needs doing?"
        value={title}
        maxLength={MAX_TITLE_LENGTH}
        onChange={(event) => setTitle(event.target.value)}
      />
      <button data-testid="todo-add" type="submit" disabled={pending || title.trim() === ''}>
        {pending ? 'Adding…' : 'Add'}
      </button>
    </form>
  );
}
