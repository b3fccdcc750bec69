// defineConfig: a typed identity for stackctl.config.ts, so editors check and complete every key.
import type { StackctlConfigInput } from './schema.js';

export type { StackctlConfigInput };

/** A config module may also default-export a function returning the config (sync or async). */
export type StackctlConfigFactory = () => StackctlConfigInput | Promise<StackctlConfigInput>;

export function defineConfig(config: StackctlConfigInput): StackctlConfigInput;
export function defineConfig(config: StackctlConfigFactory): StackctlConfigFactory;
export function defineConfig(
  config: StackctlConfigInput | StackctlConfigFactory,
): StackctlConfigInput | StackctlConfigFactory {
  return config;
}
