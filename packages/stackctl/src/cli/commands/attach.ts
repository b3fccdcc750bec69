// `stackctl attach <service>`: shows the tmux window `--separate-terminals` opened for a service (switch to it, or attach).
import { StackctlError } from '../../errors/index.js';
import { attachPlan, createTerminalEnv, quotePosix, readTerminalState, spawnRunner, type CommandRunner, type TerminalEnv } from '../../terminals/index.js';
import { assertServicesKnown, loadCliContext, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';

export interface AttachOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly service: string;
  /** Tests pass their own; default: the real environment and spawnSync with this terminal. */
  readonly env?: TerminalEnv;
  readonly run?: CommandRunner;
}

/** Resolves with 0 once tmux returns (detached, or the window selected); E_USAGE when nothing was opened with tmux. */
export async function runAttach(options: AttachOptions): Promise<number> {
  const context = await loadCliContext(options.globals, options);
  assertServicesKnown(context.config, [options.service]);
  const step = attachPlan(readTerminalState(context.config.root), options.service, options.env ?? createTerminalEnv());
  // Outside tmux, `tmux attach` takes over this terminal: there must be one.
  if (step.argv.includes('attach-session') && options.run === undefined && process.stdin.isTTY !== true) {
    throw new StackctlError('E_USAGE', `attach needs a terminal to show the window of ${options.service} in`, {
      hint: `run it in a terminal, or: ${step.argv.map((arg) => quotePosix(arg)).join(' ')}`,
    });
  }
  const result = (options.run ?? spawnRunner)(step.argv, { interactive: true });
  if (result.error !== undefined) {
    throw new StackctlError('E_SPAWN_FAILED', `tmux could not run: ${result.error.message}`, { cause: result.error, hint: 'is tmux on PATH?' });
  }
  if (result.status !== 0) {
    throw new StackctlError('E_USAGE', `tmux could not show the window of ${options.service} (exit status ${result.status ?? 'none'})`, {
      hint: 'it may have been closed: open it again with `stackctl start --separate-terminals`',
    });
  }
  return 0;
}
