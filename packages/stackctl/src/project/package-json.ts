// A package.json's text read leniently: its fields when it is a JSON object, null when it is missing or is not one.

/** `T` names the fields the caller reads; their values are not checked here. */
export function parsePackageJson<T extends object>(text: string | null): T | null {
  if (text === null) return null;
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null ? (parsed as T) : null;
  } catch {
    return null;
  }
}
