// Public surface of terminal modes: detection, one launcher per terminal, plan execution, the record of what was opened, attach and close.
export {
  TERMINAL_IDS,
  type LaunchPlan,
  type LaunchRequest,
  type LaunchService,
  type LaunchStep,
  type RunStep,
  type TerminalEnv,
  type TerminalId,
  type TerminalLauncher,
  type TmuxServerOptions,
  type WriteFileStep,
} from './terminal-launcher.js';
export { createTerminalEnv, findOnPath } from './terminal-env.js';
export { chooseLauncher, type LauncherChoice, type TriedLauncher } from './choose-launcher.js';
export { LAUNCHERS, launcherFor } from './launchers.js';
export { executeLaunchPlan, type ExecuteOptions } from './execute-plan.js';
export { spawnRunner, type CommandRunner, type RunOptions, type RunResult } from './command-runner.js';
export { closeOpenedTerminals, type CloseResult } from './close-terminals.js';
export { attachPlan } from './tmux-attach.js';
export {
  clearTerminalState,
  readTerminalState,
  terminalStatePath,
  writeTerminalState,
  type TerminalState,
  type TmuxOpened,
} from './terminal-state.js';
export { quotePosix, posixCommandLine } from './shell-quote.js';
export { appleScriptString } from './applescript-string.js';
export { quoteWindowsArg, windowsCommandLine, wtCommandTokens } from './windows-quote.js';
export { tasksFilePath } from './vscode-launcher.js';
