// Starts the Vite dev server through Vite's JavaScript API, so stackctl supervises one node process (no npm/npx wrapper).
import { fileURLToPath } from 'node:url';
import { createServer } from 'vite';

// vite.config.js is read from this folder whatever the working directory is.
const server = await createServer({ root: fileURLToPath(new URL('.', import.meta.url)) });
const { logger } = server.config;

try {
  await server.listen();
} catch (error) {
  // e.g. "Port 5173 is already in use" (strictPort): one line and a failing exit code, no stack trace.
  logger.error(`cannot start the dev server: ${error.message}`);
  await server.close();
  process.exit(1);
}
server.printUrls();
logger.info(`  ready in ${Math.round(process.uptime() * 1000)}ms`);

// A stop we asked for is a clean exit: Vite closes itself on SIGTERM but would exit 143, and Ctrl+C closes it the same way.
process.once('SIGTERM', () => {
  process.exitCode = 0;
});
process.once('SIGINT', async () => {
  await server.close();
  process.exit(0);
});
