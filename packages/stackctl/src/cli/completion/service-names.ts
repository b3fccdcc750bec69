// Service names for completion, read from the nearest config file without validating it; never throws.
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { findConfigUpwards } from '../../config/config-files.js';

/** The keys of `services:` in the config (`configPath` from -c, else the nearest one), or the names in a Procfile; [] on any problem. */
export function serviceNames(cwd: string, configPath?: string): string[] {
  try {
    let file = configPath === undefined ? findConfigUpwards(cwd) : path.resolve(cwd, configPath);
    if (file === null) return [];
    if (fs.statSync(file).isDirectory()) file = findConfigUpwards(file);
    if (file === null) return [];
    const text = fs.readFileSync(file, 'utf8');
    if (path.basename(file).startsWith('Procfile')) {
      return text.split(/\r?\n/).flatMap((line) => /^([A-Za-z0-9][\w.-]*)\s*:/.exec(line.trim())?.slice(1, 2) ?? []);
    }
    if (!/\.(ya?ml|json)$/i.test(file)) return scanModuleServices(text);
    const services = (parse(text) as { services?: unknown } | null)?.services;
    return typeof services === 'object' && services !== null && !Array.isArray(services) ? Object.keys(services) : [];
  } catch {
    return [];
  }
}

/** A TS/JS config is not executed for completion: its `services: { name: {` keys are read by pattern, best effort. */
function scanModuleServices(text: string): string[] {
  const start = text.search(/\bservices\s*:\s*\{/);
  if (start < 0) return [];
  const names: string[] = [];
  let depth = 0;
  const body = text.slice(text.indexOf('{', start));
  const pattern = /(['"]?)([A-Za-z0-9][\w.-]*)\1\s*:\s*\{|[{}]/g;
  for (let match = pattern.exec(body); match !== null; match = pattern.exec(body)) {
    if (match[0] === '{') depth += 1;
    else if (match[0] === '}') {
      depth -= 1;
      if (depth === 0) break;
    } else {
      if (depth === 1 && match[2] !== undefined) names.push(match[2]);
      depth += 1;
    }
  }
  return names;
}
