#!/usr/bin/env node
// Entry point installed as `stackctl`: runs the compiled CLI and exits with its code once output is written.
import { main } from '../dist/cli/main.js';

const code = await main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  return 1;
});
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
