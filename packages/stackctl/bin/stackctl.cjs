#!/usr/bin/env node
// Entry point installed as `stackctl`: `--version` and `status` from a CommonJS bundle, everything else from the compiled CLI.
'use strict';

/*
 * CommonJS on purpose: `status` is the command people run in a loop, and an ES-module entry alone
 * costs Node ~6 ms more to start. So `--version` is answered here, and `status` tries the bundled
 * fast path (dist/cli-fast/status.cjs, built by scripts/bundle.mjs from the same module as the CLI's
 * own fast path). Everything else, and `status` when no host answers, runs the ES-module CLI.
 */
const { statSync } = require('node:fs');
const path = require('node:path');

const argv = process.argv.slice(2);
const dist = path.join(__dirname, '..', 'dist');
const io = {
  stdout: (text) => {
    quietOnClosedPipes();
    return process.stdout.write(text);
  },
  get isTTY() {
    return process.stdout.isTTY === true;
  },
};

let guarded = false;
/**
 * Output whose reader is gone (`stackctl status | head -c 1`) ends the process quietly: exit 141
 * (128 + SIGPIPE) for EPIPE, 1 for another write error. Attached only here, where the CLI's own
 * handling (src/cli/broken-pipe.ts, which lets `up` stop its services first) has not taken over.
 */
function quietOnClosedPipes() {
  if (guarded) return;
  guarded = true;
  for (const stream of [process.stdout, process.stderr]) stream.on('error', (error) => process.exit(error.code === 'EPIPE' ? 141 : 1));
}

/** The bundled fast path, unless it is missing or older than the compiled module it was made from. */
function bundledFastStatus() {
  const bundle = path.join(dist, 'cli-fast', 'status.cjs');
  try {
    if (statSync(bundle).mtimeMs < statSync(path.join(dist, 'cli', 'status-fast-path.js')).mtimeMs) return null;
    return require(bundle).fastStatus;
  } catch {
    return null;
  }
}

async function run() {
  if (argv.length === 1 && (argv[0] === '--version' || argv[0] === '-V')) {
    io.stdout(`${require('../package.json').version}\n`);
    return 0;
  }
  let statusTried = false;
  const fastStatus = argv.includes('status') ? bundledFastStatus() : null;
  if (fastStatus !== null) {
    const code = await fastStatus(argv, io).catch(() => null);
    if (code !== null) return code;
    statusTried = true;
  }
  const { main } = await import('../dist/cli/main.js');
  return main(argv, { statusTried });
}

run()
  .catch((error) => {
    console.error(error);
    return 1;
  })
  .then((code) => {
    quietOnClosedPipes();
    // The output flushed, and (setImmediate) the error events of writes that failed emitted: a closed pipe exits 141.
    process.stdout.write('', () => process.stderr.write('', () => setImmediate(() => process.exit(code))));
  });
