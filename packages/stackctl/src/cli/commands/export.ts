// `stackctl export systemd|pm2|compose|procfile`: the stack as another tool's config, on stdout or written to --out DIR.
import fs from 'node:fs';
import path from 'node:path';
import { loadConfig } from '../../config/index.js';
import { StackctlError } from '../../errors/index.js';
import { readConfigEnvFiles } from '../../project/env/index.js';
import { buildExportInput, EXPORT_TARGETS, GENERATORS, jsIsEsmIn, type ExportTarget } from '../../project/export/index.js';
import { jsonText, type CommandIO } from '../cli-context.js';
import type { GlobalOptions } from '../global-options.js';

export interface ExportOptions extends CommandIO {
  readonly globals: GlobalOptions;
  readonly target: string;
  readonly out?: string | undefined;
}

export async function runExport(options: ExportOptions): Promise<number> {
  if (!(EXPORT_TARGETS as readonly string[]).includes(options.target)) {
    throw new StackctlError('E_USAGE', `unknown export target "${options.target}"`, { hint: `use one of ${EXPORT_TARGETS.join(', ')}` });
  }
  // An empty parent env: the exported files must not carry this shell's variables.
  const { config, warnings } = await loadConfig({ cwd: process.cwd(), configPath: options.globals.config, parentEnv: {} });
  for (const warning of warnings) options.stderr(`warning: ${warning.formatted}\n`);
  const input = buildExportInput(config, (await readConfigEnvFiles(config.configPath, config.source)).envFiles);
  // Where the files go (stdout: presumably redirected here) decides how Node would load a `.js` among them.
  const dir = path.resolve(process.cwd(), options.out ?? '.');
  const result = GENERATORS[options.target as ExportTarget]({ ...input, jsIsEsm: jsIsEsmIn(dir) });
  let written: string[] = [];
  if (options.out !== undefined) {
    try {
      fs.mkdirSync(dir, { recursive: true });
      written = result.files.map((file) => {
        const target = path.join(dir, file.name);
        fs.writeFileSync(target, file.content);
        return target;
      });
    } catch (error) {
      throw new StackctlError('E_USAGE', `cannot write into ${dir}`, { cause: error, hint: 'pass --out a folder you can write to' });
    }
  }
  if (options.globals.json) {
    options.stdout(jsonText({ target: options.target, files: options.out === undefined ? result.files : written.map((file) => ({ path: file })), notes: result.notes }));
    return 0;
  }
  if (options.out !== undefined) for (const file of written) options.stdout(`wrote ${path.relative(process.cwd(), file) || file}\n`);
  else if (result.files.length === 1) options.stdout(result.files[0]?.content ?? '');
  else options.stdout(result.files.map((file) => `# file: ${file.name}\n${file.content}`).join('\n'));
  for (const note of result.notes) options.stderr(`note: ${note}\n`);
  return 0;
}
