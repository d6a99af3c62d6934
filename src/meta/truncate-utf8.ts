const encoder = new TextEncoder();

/**
 * Shortens `text` to at most `maxBytes` bytes of UTF-8, cutting only between code points.
 *
 * The API server counts bytes, not characters (a note may hold 1024 bytes). Cutting inside a multi-byte character
 * would leave invalid UTF-8 that turns into U+FFFD on the wire and pushes the field over the limit again.
 *
 * @param text - the text to shorten
 * @param maxBytes - the limit in bytes (a non-negative integer)
 * @returns `text` itself when it fits, otherwise its longest prefix that fits
 * @throws RangeError when `maxBytes` is negative or not an integer
 * @example
 * ```ts
 * import { truncateUtf8 } from 'rx-kube-events';
 * truncateUtf8('héllo', 2); // 'h' — 'é' takes two bytes and would not fit whole
 * ```
 */
export function truncateUtf8(text: string, maxBytes: number): string {
  if (!Number.isInteger(maxBytes) || maxBytes < 0) {
    throw new RangeError(`maxBytes must be a non-negative integer, got ${maxBytes}`);
  }
  // Each UTF-16 unit encodes to at most 3 bytes, so short strings need no encoding at all.
  if (text.length * 3 <= maxBytes) return text;
  const bytes = encoder.encode(text);
  if (bytes.length <= maxBytes) return text;
  let end = maxBytes;
  // Step back over continuation bytes (10xxxxxx) to the start of the character that did not fit.
  while (end > 0 && ((bytes[end] ?? 0) & 0xc0) === 0x80) end--;
  return new TextDecoder().decode(bytes.subarray(0, end));
}
