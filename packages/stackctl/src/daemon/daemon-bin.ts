// Entry of the bundled daemon (dist/daemon-bundle/daemon.js, see scripts/bundle.mjs): runs it and exits with its code.
import { daemonArgs, runLaunchedDaemon } from './daemon-process.js';

const args = daemonArgs(process.argv.slice(2));
let code = 2;
if (args === null) {
  process.stderr.write(`stackctl daemon: expected \`__daemon -c <config> --config-stdin\`, got ${JSON.stringify(process.argv.slice(2))}\n`);
} else {
  code = await runLaunchedDaemon(args).catch((error: unknown) => {
    process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    return 1;
  });
}
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
