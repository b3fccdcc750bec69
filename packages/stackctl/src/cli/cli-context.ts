// What every stack command starts from: the loaded config, the project's `.stackctl/` paths, the colour palette.
import { loadConfig } from '../config/index.js';
import { didYouMean } from '../config/did-you-mean.js';
import type { ResolvedConfig } from '../config/types.js';
import { daemonPathsFor, type DaemonPaths } from '../daemon/index.js';
import { StackctlError } from '../errors/index.js';
import { createPalette, shouldUseColor, type Palette } from '../output/colors.js';
import type { GlobalOptions } from './global-options.js';

export interface CommandIO {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  /** Whether stdout is a terminal (live redraws, colours). */
  readonly isTTY: boolean;
}

export interface CliContext {
  readonly config: ResolvedConfig;
  readonly paths: DaemonPaths;
  readonly palette: Palette;
}

/** Loads the config (warnings go to stderr) and picks colours; throws the config's errors as they are. */
export async function loadCliContext(globals: GlobalOptions, io: CommandIO): Promise<CliContext> {
  const { config, warnings } = await loadConfig({ cwd: process.cwd(), configPath: globals.config, parentEnv: process.env });
  for (const warning of warnings) io.stderr(`warning: ${warning.formatted}\n`);
  const color = !globals.json && shouldUseColor({ noColorFlag: !globals.color, env: process.env, isTTY: io.isTTY });
  return { config, paths: daemonPathsFor(config.root), palette: createPalette(color) };
}

/** Throws E_SERVICE_UNKNOWN (with a suggestion) for the first name the config does not define. */
export function assertServicesKnown(config: ResolvedConfig, names: readonly string[]): void {
  const known = Object.keys(config.services);
  for (const name of names) {
    if (config.services[name] !== undefined) continue;
    const guess = didYouMean(name, known);
    throw new StackctlError('E_SERVICE_UNKNOWN', `unknown service "${name}"`, {
      hint: guess !== undefined ? `did you mean ${guess}?` : `known services: ${known.join(', ')}`,
    });
  }
}

/** Pretty JSON for `--json` output: one document, newline-terminated. */
export function jsonText(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}
