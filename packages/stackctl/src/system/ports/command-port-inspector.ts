// Port inspectors that run a system tool (lsof on macOS, netstat on Windows) and parse its output.
import type { ProcessTable } from '../process-table/process-table.js';
import { LSOF_ARGS, parseLsofOutput } from './parse-lsof-output.js';
import { NETSTAT_ARGS, parseNetstatOutput } from './parse-netstat-output.js';
import { compareListeners, type PortInspector, type PortListener } from './port-inspector.js';
import { runCommand, type CommandRunner } from './run-command.js';

export interface CommandPortInspectorOptions {
  readonly file: string;
  readonly args: readonly string[];
  readonly parse: (output: string) => PortListener[];
  readonly run?: CommandRunner;
  /** When given, fills each owner's full command, cwd and start time. */
  readonly processTable?: ProcessTable;
}

export class CommandPortInspector implements PortInspector {
  constructor(private readonly options: CommandPortInspectorOptions) {}

  async listeners(ports?: readonly number[]): Promise<PortListener[]> {
    if (ports !== undefined && ports.length === 0) return [];
    const { file, args, parse, run = runCommand, processTable } = this.options;
    const wanted = ports === undefined ? null : new Set(ports);
    const found = parse(await run(file, args)).filter((listener) => wanted === null || wanted.has(listener.port));
    return found.map((listener) => enrich(listener, processTable)).sort(compareListeners);
  }
}

function enrich(listener: PortListener, table: ProcessTable | undefined): PortListener {
  const info = listener.pid === null || table === undefined ? null : table.info(listener.pid);
  if (info === null) return listener;
  return { ...listener, command: info.command, cwd: info.cwd, startedAt: info.startedAt };
}

/** macOS: `lsof` field output, owners filled from `ps` when a table is given. */
export function createLsofPortInspector(processTable?: ProcessTable, run?: CommandRunner): CommandPortInspector {
  return new CommandPortInspector({ file: 'lsof', args: LSOF_ARGS, parse: parseLsofOutput, run, processTable });
}

/** Windows: `netstat -ano`; PIDs only (no command or cwd yet). */
export function createNetstatPortInspector(run?: CommandRunner): CommandPortInspector {
  return new CommandPortInspector({ file: 'netstat', args: NETSTAT_ARGS, parse: parseNetstatOutput, run });
}
