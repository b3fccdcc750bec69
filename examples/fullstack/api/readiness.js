// The API's readiness, which /health reports: starting → ready → stopping.
/** @typedef {'starting' | 'ready' | 'stopping'} ReadinessState */

export function createReadiness() {
  /** @type {{ state: ReadinessState }} */
  const readiness = { state: 'starting' };
  return readiness;
}

/**
 * Simulates the start-up work a real service does after its port opens (cache priming, migrations,
 * connection pools): touches the database, then waits out the rest of `warmupMs`.
 */
export async function warmUp({ todos, warmupMs, signal }) {
  const started = Date.now();
  todos.list();
  const remaining = Math.max(0, warmupMs - (Date.now() - started));
  await new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, remaining);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      reject(signal.reason);
    });
  });
}
