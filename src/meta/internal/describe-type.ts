/** `null`, `an array`, `an object`, `a number`…: what a value is, for messages about a value of the wrong type. */
export function describeType(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  // Array.isArray throws for a revoked Proxy; typeof never does.
  if (typeof value === 'object') return isArray(value) ? 'an array' : 'an object';
  return `a ${typeof value}`;
}

function isArray(value: object): boolean {
  try {
    return Array.isArray(value);
  } catch {
    return false;
  }
}
