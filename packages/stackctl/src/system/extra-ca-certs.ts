// NODE_EXTRA_CA_CERTS for a process started without it: carried under another name, put back, and read on first use.
import { readFileSync } from 'node:fs';
import type { SecureContextOptions } from 'node:tls';

/*
 * Node reads the file named by NODE_EXTRA_CA_CERTS while it starts, and keeps every certificate in it
 * parsed for the life of the process: 1.7 MB of resident memory for Debian's bundle of ~140 roots.
 * The daemon idles, and needs certificates only for an https health check, if ever. So it is started
 * with the variable under DEFERRED_CA_ENV instead; it puts it back into its environment first thing
 * (services, exec checks and tools see the user's environment unchanged), and an https check builds
 * its trust list from Node's roots plus that file the first time it needs one.
 */

/** The name NODE_EXTRA_CA_CERTS travels under to a process that should not load it while starting. */
export const DEFERRED_CA_ENV = 'STACKCTL_DEFERRED_EXTRA_CA_CERTS';

type Env = Record<string, string | undefined>;

/** A copy of `env` with NODE_EXTRA_CA_CERTS moved to DEFERRED_CA_ENV (`env` itself when it is not set). */
export function deferExtraCaCerts(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const file = env.NODE_EXTRA_CA_CERTS;
  if (file === undefined || file === '') return env;
  const { NODE_EXTRA_CA_CERTS: _moved, ...rest } = env;
  return { ...rest, [DEFERRED_CA_ENV]: file };
}

let deferredFile: string | undefined;

/** In the started process: NODE_EXTRA_CA_CERTS back in `env` (normally process.env), and remembered for https checks. */
export function restoreExtraCaCerts(env: Env = process.env): void {
  const file = env[DEFERRED_CA_ENV];
  if (file === undefined) return;
  delete env[DEFERRED_CA_ENV];
  env.NODE_EXTRA_CA_CERTS = file;
  deferredFile = file;
}

let trust: Pick<SecureContextOptions, 'ca'> | undefined;

/**
 * TLS options that trust what Node would have trusted had it read the deferred file at start: its
 * bundled roots and that file's certificates. Empty when nothing was deferred (Node's own defaults
 * apply). An unreadable file adds nothing, as Node itself only warns about it.
 */
export function deferredCaOptions(rootCertificates: readonly string[]): Pick<SecureContextOptions, 'ca'> {
  if (deferredFile === undefined) return {};
  if (trust !== undefined) return trust;
  let extra: string[] = [];
  try {
    extra = [readFileSync(deferredFile, 'utf8')];
  } catch {
    // as Node: a warning at most, and the bundled roots
  }
  trust = { ca: [...rootCertificates, ...extra] };
  return trust;
}
