// First Ctrl+C (or SIGTERM/SIGHUP, or a closed output pipe) asks for a graceful stop; a second one forces it.

export interface ShutdownHandlers {
  readonly onGraceful: (signal: NodeJS.Signals) => Promise<void>;
  readonly onForced: (signal: NodeJS.Signals) => Promise<void>;
}

export interface ShutdownSignals {
  /** True once the first signal arrived. */
  triggered(): boolean;
  /** Acts as a first signal would (nothing when one already arrived): the output pipe closed, say. */
  trigger(signal: NodeJS.Signals): void;
  dispose(): void;
}

const SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function waitForShutdownSignals(handlers: ShutdownHandlers): ShutdownSignals {
  let received = 0;
  const listener = (signal: NodeJS.Signals): void => {
    received += 1;
    if (received === 1) void handlers.onGraceful(signal);
    else if (received === 2) void handlers.onForced(signal);
  };
  for (const signal of SIGNALS) process.on(signal, listener);
  return {
    triggered: () => received > 0,
    trigger: (signal) => {
      if (received === 0) listener(signal);
    },
    dispose: () => {
      for (const signal of SIGNALS) process.off(signal, listener);
    },
  };
}
