// Polls a condition until it holds (or times out with a message): tests wait for states, never sleep blindly.

export interface WaitOptions {
  readonly timeoutMs?: number;
  readonly intervalMs?: number;
  readonly message?: string;
}

export async function waitFor<T>(probe: () => T | undefined | null | false, options: WaitOptions = {}): Promise<T> {
  const { timeoutMs = 15_000, intervalMs = 20, message = 'condition' } = options;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined && value !== null && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs}ms waiting for ${message}`);
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}
