// Colour decisions (NO_COLOR, FORCE_COLOR, --no-color, TTY) and the few ANSI styles the CLI uses.

export interface ColorChoiceInput {
  /** `--no-color` was given. */
  readonly noColorFlag: boolean;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly isTTY: boolean;
}

/** Follows https://no-color.org and the FORCE_COLOR convention: flag, then NO_COLOR, then FORCE_COLOR, then the TTY. */
export function shouldUseColor({ noColorFlag, env, isTTY }: ColorChoiceInput): boolean {
  if (noColorFlag) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force !== 'false';
  return isTTY;
}

export type Style = (text: string) => string;

export interface Palette {
  readonly enabled: boolean;
  readonly bold: Style;
  readonly dim: Style;
  readonly red: Style;
  readonly green: Style;
  readonly yellow: Style;
  /** Name colours, handed out to services in config order. */
  readonly serviceColors: readonly Style[];
}

const wrap =
  (open: number, close: number): Style =>
  (text) =>
    `\u001b[${open}m${text}\u001b[${close}m`;

const identity: Style = (text) => text;

const SERVICE_CODES = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94] as const;

export function createPalette(enabled: boolean): Palette {
  if (!enabled) {
    return {
      enabled,
      bold: identity,
      dim: identity,
      red: identity,
      green: identity,
      yellow: identity,
      serviceColors: [identity],
    };
  }
  return {
    enabled,
    bold: wrap(1, 22),
    dim: wrap(2, 22),
    red: wrap(31, 39),
    green: wrap(32, 39),
    yellow: wrap(33, 39),
    serviceColors: SERVICE_CODES.map((code) => wrap(code, 39)),
  };
}
