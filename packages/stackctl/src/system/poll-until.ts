// Polling a condition on a wall clock: what stops and shutdowns outside the engine wait with.

/** Checks `done` every `pollMs` until it holds (true) or `timeoutMs` has passed (false). */
export async function pollUntil(done: () => boolean, timeoutMs: number, pollMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
  return true;
}
