// Reading a server's port from its entry file: `process.env.PORT || 5000`, `const PORT = 5000`, `app.listen(5000)`, `os.getenv("PORT", 8000)`.
import { joinPath, type ProjectFiles } from './project-files.js';

export interface CodePort {
  readonly port: number;
  /** The file it was read from, relative to the service's folder. */
  readonly file: string;
  /** Whether the code reads $PORT first (the literal is only its fallback). */
  readonly readsEnv: boolean;
}

/** Where Node servers usually start, after the file the script names and package.json `main`. */
const NODE_ENTRIES = [
  'server.js', 'server.ts', 'index.js', 'index.ts', 'app.js', 'app.ts', 'main.js', 'main.ts', 'server.mjs', 'index.mjs',
  'src/server.js', 'src/server.ts', 'src/index.js', 'src/index.ts', 'src/app.js', 'src/app.ts', 'src/main.ts', 'src/main.js',
  'server/index.js', 'server/index.ts', 'server/server.js', 'server/server.ts', 'bin/www',
];

const DATABASE_PORTS = new Set([5432, 3306, 6379, 27017, 11211, 5672, 9200]);

const RUNNERS = /^(?:node|nodemon|tsx|ts-node|ts-node-dev|ts-node-esm|bun|deno|babel-node|esno|esrun|vite-node)$/;

/** The script file a command runs: `node --watch server.js` → server.js, `tsx watch src/index.ts` → src/index.ts. */
export function entryFromScript(script: string): string | null {
  for (const part of script.split(/&&|;|\|\|/)) {
    const words = part.trim().split(/\s+/).filter((word) => !/^\w+=/.test(word));
    while (/^(?:cross-env|env|dotenv|npx|exec)$/.test(words[0] ?? '')) words.shift();
    if (!RUNNERS.test(words[0] ?? '')) continue;
    const file = words.slice(1).find((word) => /\.(?:[cm]?[jt]s|jsx|tsx)$/.test(word) && !word.startsWith('-'));
    if (file !== undefined) return file.replace(/^\.\//, '');
  }
  return null;
}

/** The port in the first of the candidate files that states one. */
export function portFromCode(files: ProjectFiles, dir: string, candidates: readonly string[]): CodePort | null {
  for (const file of [...new Set([...candidates, ...NODE_ENTRIES])]) {
    const text = files.read(joinPath(dir, file));
    if (text === null) continue;
    const found = portInSource(text);
    if (found !== null) return { ...found, file };
  }
  return null;
}

/** The port a source text states, or null. Exported for the Python detector and the tests. */
export function portInSource(text: string): { port: number; readsEnv: boolean } | null {
  const patterns: ReadonlyArray<readonly [RegExp, boolean]> = [
    [/process\.env\.PORT\s*\)?\s*(?:\|\||\?\?)\s*(?:Number\(|parseInt\()?\s*['"`]?(\d{2,5})\b/, true],
    [/process\.env\[['"]PORT['"]\]\s*(?:\|\||\?\?)\s*['"`]?(\d{2,5})\b/, true],
    [/(?:os\.environ\.get|os\.getenv)\(\s*['"]PORT['"]\s*,\s*['"]?(\d{2,5})\b/, true],
    [/\b(?:const|let|var)\s+port\s*(?::\s*\w+\s*)?=\s*['"`]?(\d{2,5})\b/i, false],
    [/\.listen\(\s*['"`]?(\d{2,5})\b/, false],
    [/\bport\s*:\s*(\d{2,5})\b/, false],
    [/\bport\s*=\s*(\d{2,5})\b/, false],
  ];
  for (const [pattern, readsEnv] of patterns) {
    const port = Number(pattern.exec(text)?.[1]);
    // A database's port in a server's source is its client settings, not where the server listens.
    if (!readsEnv && DATABASE_PORTS.has(port)) continue;
    if (Number.isInteger(port) && port >= 1 && port <= 65535) return { port, readsEnv };
  }
  return null;
}
