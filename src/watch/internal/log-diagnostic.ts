import type { Diagnostic, Logger } from '../types.js';

/**
 * Logs `diagnostic` with `logger` (`error` or `warn` by its level), its `code` and `fields` as the fields and its
 * `cause` as pino's `err`. Never throws: a broken logger must not break recording, and there is nowhere left to
 * report it.
 *
 * @param logger - where to log; nothing happens without one
 * @param diagnostic - what to log
 * @param fields - more fields, e.g. the component and the event concerned
 */
export function logDiagnostic(logger: Logger | undefined, diagnostic: Diagnostic, fields: object): void {
  if (logger === undefined) return;
  const { level, code, message, cause } = diagnostic;
  try {
    const logged = cause === undefined ? { code, ...fields } : { code, ...fields, err: cause };
    if (level === 'error') logger.error(logged, message);
    else logger.warn(logged, message);
  } catch {
    // Nowhere left to report it.
  }
}
