import { format, types } from 'node:util';

/** A formatted message, and the error that made formatting fall back to the format string, if any. */
export interface FormattedMessage {
  readonly message: string;
  readonly error?: unknown;
}

/** `util.format`'s verbs, `%v` (Go's default format) and `%%`, in the order `util.format` reads them. */
const verbPattern = /%([sdifjoOcv%])/g;

/**
 * `util.format(messageFmt, ...args)` with two things of Go's `Sprintf` that controllers ported from Go rely on:
 * `%v` formats its argument as `%s` does, and an `Error` taken by `%s` or `%v` (or appended as an extra argument)
 * is its `message`, as Go's `%v` of an error prints `Error()` (Node would print the stack: file paths, in the event).
 *
 * It never throws: an argument whose `toString` or `Symbol.toPrimitive` throws (or a Proxy that throws on
 * inspection) makes it fall back to the format string itself, so the event is still recorded (Go's `Sprintf`
 * likewise prints `%!v(PANIC=…)` rather than failing).
 */
export function formatMessage(messageFmt: string, args: readonly unknown[]): FormattedMessage {
  try {
    const plain = substituteStrings(messageFmt, args);
    if (plain !== undefined) return { message: plain };
    // The common case keeps util.format's speed: nothing to rewrite.
    if (args.length === 0 || (!messageFmt.includes('%v') && !args.some(isError))) {
      return { message: format(messageFmt, ...args) };
    }
    return { message: format(...goStyle(messageFmt, args)) };
  } catch (error) {
    return { message: messageFmt, error };
  }
}

/**
 * The commonest call, a format whose only verbs are `%s`, one per argument, and every argument a string, formatted
 * without `util.format` (which is most of what such a call costs): each `%s` is its argument, as util.format has
 * it. Anything else is `undefined`, for util.format to do.
 */
function substituteStrings(messageFmt: string, args: readonly unknown[]): string | undefined {
  let message = '';
  let from = 0;
  let next = 0;
  for (let at = messageFmt.indexOf('%'); at !== -1; at = messageFmt.indexOf('%', from)) {
    const arg = args[next];
    if (messageFmt.charCodeAt(at + 1) !== percentS || typeof arg !== 'string') return undefined;
    message += messageFmt.slice(from, at) + arg;
    from = at + 2;
    next++;
  }
  return next === args.length ? message + messageFmt.slice(from) : undefined;
}

/** The `s` of `%s`. */
const percentS = 0x73;

/** The format with each `%v` that has an argument made `%s`; the `Error`s taken by `%s`/`%v` or appended, as text. */
function goStyle(messageFmt: string, args: readonly unknown[]): [string, ...unknown[]] {
  const values = [...args];
  let next = 0;
  const rewritten = messageFmt.replace(verbPattern, (whole, verb: string) => {
    if (verb === '%') return whole;
    const index = next++;
    // A verb without an argument stays as written, as util.format leaves it.
    if (index >= values.length) return whole;
    if (verb !== 's' && verb !== 'v') return whole;
    values[index] = errorAsText(values[index]);
    return '%s';
  });
  for (let index = next; index < values.length; index++) values[index] = errorAsText(values[index]);
  return [rewritten, ...values];
}

function isError(value: unknown): value is Error {
  // The typeof first: this runs for every argument of every eventf.
  return typeof value === 'object' && value !== null && (value instanceof Error || types.isNativeError(value));
}

function errorAsText(value: unknown): unknown {
  if (!isError(value)) return value;
  // A JavaScript caller may have set a non-string message.
  const { message }: { message: unknown } = value;
  return typeof message === 'string' ? message : String(message);
}
