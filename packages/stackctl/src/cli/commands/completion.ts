// `stackctl completion <shell>` prints a completion script; the hidden `__complete` answers it, one candidate a line.
import type { Command } from 'commander';
import { commandTree } from '../completion/command-tree.js';
import { completeWords } from '../completion/complete-words.js';
import { serviceNames } from '../completion/service-names.js';
import { completionScript, SHELLS, type Shell } from '../completion/shell-scripts.js';
import { CLI_SCRIPT } from '../../daemon/daemon-launch.js';
import { StackctlError } from '../../errors/index.js';

export function runCompletion(options: { readonly shell: string; readonly stdout: (text: string) => void }): number {
  if (!(SHELLS as readonly string[]).includes(options.shell)) {
    throw new StackctlError('E_USAGE', `no completion for the shell "${options.shell}"`, { hint: `choose one of ${SHELLS.join(', ')}` });
  }
  // This very install, for shells where no `stackctl` is on PATH (run through npx).
  options.stdout(completionScript(options.shell as Shell, { node: process.execPath, script: CLI_SCRIPT }));
  return 0;
}

/** Prints the candidates for the last of `words`; any failure prints nothing (a shell's completion must never show errors). */
export function runComplete(options: { readonly program: Command; readonly words: readonly string[]; readonly stdout: (text: string) => void; readonly cwd?: string }): number {
  try {
    const words = options.words.length === 0 ? [''] : options.words;
    const candidates = completeWords({
      words,
      tree: commandTree(options.program),
      serviceNames: (configPath) => serviceNames(options.cwd ?? process.cwd(), configPath),
    });
    if (candidates.length > 0) options.stdout(`${candidates.join('\n')}\n`);
  } catch {
    // nothing to offer
  }
  return 0;
}
