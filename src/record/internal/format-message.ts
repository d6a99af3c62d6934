import { format } from 'node:util';

/** A formatted message, and the error that made formatting fall back to the format string, if any. */
export interface FormattedMessage {
  readonly message: string;
  readonly error?: unknown;
}

/**
 * `util.format(messageFmt, ...args)`, never throwing: an argument whose `toString` or `Symbol.toPrimitive` throws
 * (or a Proxy that throws on inspection) makes it fall back to the format string itself, so the event is still
 * recorded (Go's `Sprintf` likewise prints `%!v(PANIC=…)` rather than failing).
 */
export function formatMessage(messageFmt: string, args: readonly unknown[]): FormattedMessage {
  try {
    return { message: format(messageFmt, ...args) };
  } catch (error) {
    // JavaScript callers can pass a non-string format; String() of it could throw again.
    return { message: typeof messageFmt === 'string' ? messageFmt : '', error };
  }
}
