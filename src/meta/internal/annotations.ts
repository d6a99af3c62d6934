import { isQualifiedName } from '../names.js';
import { describeType } from './describe-type.js';

/** The API server's limit on the size of all annotations of an object, keys and values together (256 KiB). */
export const totalAnnotationSizeLimit = 256 * 1024;

/** A copy of annotations that the API server would accept, or why it would not. */
export type CheckedAnnotations =
  | { readonly annotations: Readonly<Record<string, string>>; readonly problem?: undefined }
  | { readonly problem: string; readonly cause?: unknown };

/**
 * Copies `value` as an object's annotations and checks it as the API server's `ValidateAnnotations` does: `null` or
 * `undefined` (Go's nil map) is none; otherwise an object (not a string or an array) of string values whose keys are qualified names (checked in lower case, as the
 * server does), at most {@link totalAnnotationSizeLimit} bytes of keys and values together.
 *
 * Each key and value is read once, into the copy, so a getter cannot hand the check one value and the event another;
 * a getter or Proxy that throws is a problem, with what it threw as the `cause`.
 *
 * @param value - the annotations as given
 * @returns the copy, or the problem in words
 */
export function checkAnnotations(value: unknown): CheckedAnnotations {
  const annotations: Record<string, string> = {};
  // Go's nil map: no annotations.
  if (value === undefined || value === null) return { annotations };
  let bytes = 0;
  try {
    if (typeof value !== 'object' || Array.isArray(value)) {
      return { problem: `annotations must be an object of string values, got ${describeType(value)}` };
    }
    for (const key of Object.keys(value)) {
      const entry: unknown = (value as Record<string, unknown>)[key];
      if (typeof entry !== 'string') {
        return { problem: `annotation ${JSON.stringify(key)} is ${describeType(entry)}: values must be strings` };
      }
      if (!isQualifiedName(key.toLowerCase())) {
        return {
          problem: `annotation key ${JSON.stringify(key)} is not a qualified name (an optional DNS-subdomain prefix and "/", then at most 63 alphanumerics, "-", "_" or ".")`,
        };
      }
      bytes += Buffer.byteLength(key) + Buffer.byteLength(entry);
      annotations[key] = entry;
    }
  } catch (cause) {
    return { problem: 'reading the annotations threw', cause };
  }
  if (bytes > totalAnnotationSizeLimit) {
    return {
      problem: `annotations are ${String(bytes)} bytes in total, over the API server's limit of ${String(totalAnnotationSizeLimit)} (256 KiB)`,
    };
  }
  return { annotations };
}
