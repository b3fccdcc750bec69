// Windows Terminal: one `wt -w 0 new-tab … ; new-tab …` call opening a tab per service in the current window. Not yet verified on Windows.
import { serviceList, servicesToOpen } from './launch-request.js';
import type { TerminalLauncher } from './terminal-launcher.js';
import { escapeWtDelimiters, wtCommandTokens } from './windows-quote.js';

/** Titles are cosmetic: a `;` (wt's command separator) becomes `_` rather than relying on `\;`. */
export function wtTabTitle(service: string): string {
  return service.replace(/;/g, '_');
}

export const windowsTerminalLauncher: TerminalLauncher = {
  id: 'windows-terminal',
  label: 'Windows Terminal',
  requires: 'Windows with wt on PATH',
  detect: (env) => env.platform === 'win32' && env.which('wt') !== undefined,
  plan(request) {
    const services = servicesToOpen(request);
    // Each element is one argv entry: Node quotes it for CreateProcess, wt reads it back unchanged.
    const tabs = services.map((service) => [
      'new-tab',
      '--title',
      wtTabTitle(service.name),
      '-d',
      escapeWtDelimiters(request.projectRoot),
      ...wtCommandTokens(service.command),
    ]);
    const argv = ['wt', '-w', '0', ...tabs.flatMap((tab, index) => (index === 0 ? tab : [';', ...tab]))];
    return {
      launcher: 'windows-terminal',
      steps: [{ kind: 'run', argv }],
      summary: `Windows Terminal: a tab per service following its output (${serviceList(services)})`,
      hint: 'closing a tab leaves the service running; stop the stack with: stackctl stop',
      record: { version: 1, launcher: 'windows-terminal', services: services.map((service) => service.name) },
    };
  },
};
