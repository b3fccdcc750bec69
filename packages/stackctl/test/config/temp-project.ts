// Test helper: writes a throwaway project folder and loads it, returning the resolved config or the config error.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import { ConfigInvalidError, loadConfig, type LoadedConfig } from '../../src/config/index.js';

const created: string[] = [];

/** Strips the first newline and the common indentation, so YAML can be written inline in a test. */
export function dedent(text: string): string {
  const lines = text.replace(/^\n/, '').replace(/\n\s*$/, '\n').split('\n');
  const indent = Math.min(...lines.filter((line) => line.trim() !== '').map((line) => line.length - line.trimStart().length));
  return lines.map((line) => line.slice(indent)).join('\n');
}

/** A fresh folder holding `files` (relative path → content; a trailing `/` makes a folder). */
export function tempProject(files: Record<string, string> = {}): string {
  const root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'stackctl-config-')));
  created.push(root);
  for (const [name, content] of Object.entries(files)) {
    const target = path.join(root, name);
    if (name.endsWith('/')) {
      fs.mkdirSync(target, { recursive: true });
    } else {
      fs.mkdirSync(path.dirname(target), { recursive: true });
      fs.writeFileSync(target, content);
    }
  }
  return root;
}

export function removeTempProjects(): void {
  for (const root of created.splice(0)) fs.rmSync(root, { recursive: true, force: true });
}

export async function loadProject(
  files: Record<string, string>,
  options: { parentEnv?: Record<string, string | undefined>; subfolder?: string; configPath?: string } = {},
): Promise<LoadedConfig & { root: string }> {
  const root = tempProject(files);
  const loaded = await loadConfig({
    cwd: path.join(root, options.subfolder ?? ''),
    configPath: options.configPath,
    parentEnv: options.parentEnv ?? {},
  });
  return { ...loaded, root };
}

/** Loads a project that must be invalid and returns its error (code E_CONFIG_INVALID checked). */
export async function loadInvalid(files: Record<string, string>, options: { configPath?: string } = {}): Promise<ConfigInvalidError> {
  const root = tempProject(files);
  const error: unknown = await loadConfig({ cwd: root, configPath: options.configPath, parentEnv: {} }).then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(ConfigInvalidError);
  const invalid = error as ConfigInvalidError;
  expect(invalid.code).toBe('E_CONFIG_INVALID');
  return invalid;
}

/** One expected problem: `file:LINE:COL key.path` starts the formatted detail, `says` is part of its message. */
export interface ExpectedProblem {
  readonly at: string;
  readonly says: string;
}

export interface InvalidCase {
  readonly name: string;
  readonly files: Record<string, string>;
  readonly expect: readonly ExpectedProblem[];
}

/** A stackctl.yaml written inline. */
export const yamlFile = (text: string): Record<string, string> => ({ 'stackctl.yaml': dedent(text) });

/** Loads the case's project and checks every expected problem is among the error's details. */
export async function expectProblems(files: Record<string, string>, expected: readonly ExpectedProblem[]): Promise<void> {
  const error = await loadInvalid(files);
  for (const { at, says } of expected) {
    const detail = error.details.find((line) => line.startsWith(at) && line.includes(says));
    expect(detail, `no detail "${at}… ${says}" in:\n${error.details.join('\n')}`).toBeDefined();
  }
  expect(error.hint).toBeTruthy();
}
