// A one-line-per-event logger with levels: info and debug to stdout, warn and error to stderr.
const LEVELS = { debug: 10, info: 20, warn: 30, error: 40 };

/** Creates a logger that drops messages below `level` (an unknown level means `info`). */
export function createLogger(level = 'info') {
  const threshold = LEVELS[level] ?? LEVELS.info;
  const write = (name, stream) => (message) => {
    if (LEVELS[name] >= threshold) stream.write(`${message}\n`);
  };
  return {
    debug: write('debug', process.stdout),
    info: write('info', process.stdout),
    warn: write('warn', process.stderr),
    error: write('error', process.stderr),
  };
}
