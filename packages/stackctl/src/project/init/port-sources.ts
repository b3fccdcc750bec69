// Reading a port from where it is trivially written: a script's flags, a framework config file, a .env file.
import { joinPath, type ProjectFiles } from './project-files.js';

/** `--port 3001`, `--port=3001`, `-p 3001`, `PORT=3001 next dev`, `runserver 8001`, `runserver 0.0.0.0:8001`, `--bind :8001`; null when absent. */
export function portFromCommand(command: string): number | null {
  const match =
    /(?:--port[= ]|(?:^|\s)-p[= ]?|\bPORT=)(\d{2,5})\b/.exec(command) ??
    /\brunserver\s+(?:[\w.[\]]*:)?(\d{2,5})\b/.exec(command) ??
    /(?:--bind[= ]|(?:^|\s)-b[= ]?)[\w.[\]]*:(\d{2,5})\b/.exec(command);
  return validPort(match?.[1]);
}

/** The file named by `--config path` / `-c path` in a script (`vite --config config/vite.config.js`), or null. */
export function configFlag(script: string): string | null {
  const match = /(?:--config[= ]|(?:^|\s)-c[= ])\s*['"]?([^\s'"]+)/.exec(script);
  return match?.[1]?.replace(/^\.\//, '') ?? null;
}

/** `port: 5174` (or `port = 5174`) in the first of `names` present in `dir`. */
export function portFromConfigFile(files: ProjectFiles, dir: string, names: readonly string[]): { port: number; file: string } | null {
  for (const name of names) {
    const text = files.read(joinPath(dir, name));
    if (text === null) continue;
    const port = validPort(/\bport\s*[:=]\s*(\d{2,5})\b/.exec(text)?.[1]);
    if (port !== null) return { port, file: name };
  }
  return null;
}

/** `PORT=4000` in `dir/.env` (or .env.local / .env.development; with `example`, .env.example / .env.sample too). */
export function portFromDotenv(files: ProjectFiles, dir: string, { example = false } = {}): { port: number; file: string } | null {
  for (const name of ['.env', '.env.local', '.env.development', ...(example ? ['.env.example', '.env.sample'] : [])]) {
    const text = files.read(joinPath(dir, name));
    const port = validPort(/^\s*(?:export\s+)?PORT\s*=\s*["']?(\d{2,5})["']?\s*$/m.exec(text ?? '')?.[1]);
    if (port !== null) return { port, file: name };
  }
  return null;
}

function validPort(text: string | undefined): number | null {
  if (text === undefined) return null;
  const port = Number(text);
  return Number.isInteger(port) && port >= 1 && port <= 65535 ? port : null;
}
