/**
 * The two Kubernetes time encodings. `metav1.Time` parses any RFC 3339 time and is written in whole seconds UTC;
 * `metav1.MicroTime` is parsed with Go's layout `2006-01-02T15:04:05.000000Z07:00`, which demands exactly six
 * fractional digits (so a JavaScript `toISOString()` with three is rejected, as by the real apiserver), and is written
 * with six digits UTC.
 */

const rfc3339 = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** The layouts, as Go names them in its parse errors. */
const timeLayout = '2006-01-02T15:04:05Z07:00';
const microTimeLayout = '2006-01-02T15:04:05.000000Z07:00';

interface ParsedTime {
  /** Whole seconds since the epoch, UTC. */
  readonly seconds: number;
  /** The fractional digits as written, without the dot. */
  readonly fraction: string;
}

function parse(text: string): ParsedTime | undefined {
  const m = rfc3339.exec(text);
  if (m === null) return undefined;
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [
    number,
    number,
    number,
    number,
    number,
    number,
  ];
  const utc = Date.UTC(year, month - 1, day, hour, minute, second);
  const check = new Date(utc);
  // Date.UTC rolls 2024-02-30 over into March; Go rejects it, so must we.
  if (check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    return undefined;
  }
  const zone = m[8] ?? 'Z';
  const offsetMinutes =
    zone === 'Z' ? 0 : (zone.startsWith('-') ? -1 : 1) * (Number(zone.slice(1, 3)) * 60 + Number(zone.slice(4, 6)));
  return { seconds: utc / 1000 - offsetMinutes * 60, fraction: (m[7] ?? '').slice(1) };
}

function isoSeconds(seconds: number): string {
  return new Date(seconds * 1000).toISOString().slice(0, 19);
}

/** Parses a `metav1.Time` and returns its canonical text (seconds precision, UTC), or undefined when unparsable. */
export function canonicalTime(text: string): string | undefined {
  const t = parse(text);
  return t === undefined ? undefined : `${isoSeconds(t.seconds)}Z`;
}

/** Parses a `metav1.MicroTime` (exactly six fractional digits) and returns its canonical text, or undefined. */
export function canonicalMicroTime(text: string): string | undefined {
  const t = parse(text);
  return t?.fraction.length === 6 ? `${isoSeconds(t.seconds)}.${t.fraction}Z` : undefined;
}

/** A `metav1.Time` for an epoch-milliseconds instant (the server's clock). */
export function timeFromMillis(ms: number): string {
  return `${isoSeconds(Math.floor(ms / 1000))}Z`;
}

/**
 * Go's `time.ParseError` text for a time neither parser accepts: `parsing time "…" as "<layout>"`, followed, when the
 * date and clock parse and the fraction or the zone does not, by what Go names there (`: cannot parse ".123Z" as
 * ".000000"`, or `: extra text: "…"`). A bad date or clock gets the first part only (Go's wording there varies by
 * field).
 */
export function timeParseError(text: string, micro: boolean): string {
  const layout = micro ? microTimeLayout : timeLayout;
  const head = `parsing time ${JSON.stringify(text)} as ${JSON.stringify(layout)}`;
  if (parse(`${text.slice(0, 19)}Z`) === undefined) return head;
  let rest = text.slice(19);
  if (micro) {
    // `.000000` takes exactly seven bytes, whatever they are, then checks them.
    if (rest.length < 7) return `${head}: cannot parse ${JSON.stringify(rest)} as ".000000"`;
    const fraction = rest.slice(0, 7);
    rest = rest.slice(7);
    if (!/^[.,]\d{6}$/.test(fraction)) return `${head}: cannot parse ${JSON.stringify(rest)} as ".000000"`;
  } else {
    // RFC 3339 parsing takes a fraction of any length after the seconds, though the layout has none.
    rest = rest.replace(/^[.,]\d+/, '');
  }
  const zone = /^(Z|[+-]\d{2}:\d{2})/.exec(rest)?.[0];
  if (zone === undefined) return `${head}: cannot parse ${JSON.stringify(rest)} as "Z07:00"`;
  return `parsing time ${JSON.stringify(text)}: extra text: ${JSON.stringify(rest.slice(zone.length))}`;
}
