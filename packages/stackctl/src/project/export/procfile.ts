// A `Procfile` (foreman, overmind, heroku local): one `name: command` line per service.
import path from 'node:path';
import type { ExportGenerator } from './export-input.js';

/** POSIX shell quoting: plain words stay, everything else in single quotes. */
export function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export const exportProcfile: ExportGenerator = (input) => {
  const notes: string[] = [];
  const lines = input.services.map(({ service, env, envFiles }) => {
    const command = typeof service.command === 'string' ? service.command : service.command.map(shellQuote).join(' ');
    const cwd = path.relative(input.root, service.cwd);
    const own = Object.keys(env).filter((key) => !key.startsWith('STACKCTL') && key !== 'PORT');
    if (own.length > 0 || envFiles.length > 0) notes.push(`${service.name}: env and env_file not translated (foreman reads only .env)`);
    if (service.health !== null) notes.push(`${service.name}: health check not translated`);
    if (Object.keys(service.dependsOn).length > 0) notes.push(`${service.name}: depends_on not translated (all start at once)`);
    return `${service.name}: ${cwd === '' ? '' : `cd ${shellQuote(cwd)} && `}${command}`;
  });
  notes.push('restart policies, stop signals and timeouts are not translated (Procfile runners stop all on the first exit); ports come from $PORT');
  return { files: [{ name: 'Procfile', content: `${lines.join('\n')}\n` }], notes };
};
