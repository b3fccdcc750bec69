// Validation of client input for todos: ids from the path, titles and done flags from the body.
import { HttpError } from './http.js';

export const MAX_TITLE_LENGTH = 200;

/** Parses a path id; anything but a positive integer is a todo that cannot exist (404). */
export function parseId(raw) {
  const id = Number(raw);
  if (!/^\d+$/.test(raw) || !Number.isSafeInteger(id) || id < 1) throw new HttpError(404, `todo ${raw} not found`);
  return id;
}

/** Returns the trimmed title, or throws 400 for a missing, blank or too long one. */
export function parseTitle(value) {
  if (typeof value !== 'string') throw new HttpError(400, 'title is required and must be a string');
  const title = value.trim();
  if (title === '') throw new HttpError(400, 'title must not be blank');
  if (title.length > MAX_TITLE_LENGTH) throw new HttpError(400, `title must be at most ${MAX_TITLE_LENGTH} characters`);
  return title;
}

/** Validates a PATCH body: `done` (boolean) and/or `title`, at least one of them. */
export function parsePatch(body) {
  const patch = {};
  if ('done' in body) {
    if (typeof body.done !== 'boolean') throw new HttpError(400, 'done must be true or false');
    patch.done = body.done;
  }
  if ('title' in body) patch.title = parseTitle(body.title);
  if (Object.keys(patch).length === 0) throw new HttpError(400, 'nothing to update: send done and/or title');
  return patch;
}
