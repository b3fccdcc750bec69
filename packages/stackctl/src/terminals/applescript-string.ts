// The one AppleScript string-literal escaper, for the shell commands and titles handed to Terminal.app and iTerm2.

/** `value` as an AppleScript string literal: `"` and `\` escaped, line breaks and tabs as `\n`, `\r`, `\t`. */
export function appleScriptString(value: string): string {
  const escaped = value.replace(/[\\"\n\r\t]/g, (char) => {
    switch (char) {
      case '\n':
        return '\\n';
      case '\r':
        return '\\r';
      case '\t':
        return '\\t';
      default:
        return `\\${char}`;
    }
  });
  return `"${escaped}"`;
}
