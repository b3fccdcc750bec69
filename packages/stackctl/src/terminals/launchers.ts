// Every terminal launcher, in the order `--terminal` help lists them, and the names `--terminal` accepts.
import { gnomeTerminalLauncher } from './gnome-terminal-launcher.js';
import { iterm2Launcher } from './iterm2-launcher.js';
import { konsoleLauncher } from './konsole-launcher.js';
import { macosTerminalLauncher } from './macos-terminal-launcher.js';
import type { TerminalId, TerminalLauncher } from './terminal-launcher.js';
import { tmuxLauncher } from './tmux-launcher.js';
import { vscodeLauncher } from './vscode-launcher.js';
import { windowsTerminalLauncher } from './windows-terminal-launcher.js';

export const LAUNCHERS: readonly TerminalLauncher[] = [
  tmuxLauncher,
  vscodeLauncher,
  macosTerminalLauncher,
  iterm2Launcher,
  gnomeTerminalLauncher,
  konsoleLauncher,
  windowsTerminalLauncher,
];

/** Other spellings accepted by `--terminal`. */
const ALIASES: Readonly<Record<string, TerminalId>> = {
  code: 'vscode',
  cursor: 'vscode',
  terminal: 'macos-terminal',
  'terminal.app': 'macos-terminal',
  iterm: 'iterm2',
  gnome: 'gnome-terminal',
  wt: 'windows-terminal',
};

export function launcherFor(name: string): TerminalLauncher | undefined {
  const key = name.trim().toLowerCase();
  const id = ALIASES[key] ?? key;
  return LAUNCHERS.find((launcher) => launcher.id === id);
}
