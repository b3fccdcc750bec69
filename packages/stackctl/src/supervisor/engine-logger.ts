// The logger the engine writes its debug trail to: pino-compatible (object first, then message).

export interface EngineLogger {
  debug(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
}

export const silentLogger: EngineLogger = {
  debug: () => {},
  warn: () => {},
  error: () => {},
};
