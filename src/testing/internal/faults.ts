import { STATUS_CODES } from 'node:http';
import type {
  FakeApiServerFaults,
  FakeFault,
  FakeFaultMatch,
  FakeFaultRateOptions,
  InjectedFault,
} from '../fake-api-server.js';

import { checkTimeOption } from '../../meta/internal/time-option.js';
import { failure } from './api-status.js';
import type { ApiStatusError } from './api-status.js';

/** The reason and message the apiserver (or its filters) sends with each status a fault may inject. */
const defaultStatus: Readonly<Record<number, readonly [reason: string, message: string]>> = {
  400: ['BadRequest', 'the server rejected our request for an unknown reason'],
  401: ['Unauthorized', 'Unauthorized'],
  403: ['Forbidden', 'forbidden: the fake API server injected this fault'],
  404: ['NotFound', 'the server could not find the requested resource'],
  409: ['Conflict', 'the server reported a conflict'],
  410: ['Expired', 'the resource version is too old'],
  429: ['TooManyRequests', 'Too many requests, please try again later.'],
  500: ['InternalError', 'Internal error occurred: injected by the fake API server'],
  503: ['ServiceUnavailable', 'the server is currently unable to handle the request'],
  504: [
    'Timeout',
    'the server was unable to return a response in the time allotted, but may still be processing the request',
  ],
};

/** The apiserver's `Status.reason` for an HTTP status (`''` for a status it has none for). */
export function statusReason(status: number): string {
  return defaultStatus[status]?.[0] ?? '';
}

/** The Status answer for a fault with a `status`, with `Retry-After` when asked for. */
export function faultError(fault: FakeFault & { readonly status: number }): ApiStatusError {
  const { status, retryAfterSeconds } = fault;
  const [reason, message] = defaultStatus[status] ?? [
    '',
    `the server responded with the status code ${status} but did not return more information (${STATUS_CODES[status] ?? 'unknown'})`,
  ];
  return failure(
    status,
    fault.reason ?? reason,
    fault.message ?? message,
    retryAfterSeconds === undefined ? undefined : { retryAfterSeconds },
    retryAfterSeconds === undefined ? {} : { 'Retry-After': String(retryAfterSeconds) },
  );
}

type Rule =
  | { readonly kind: 'script'; readonly match: FakeFaultMatch; readonly steps: FakeFault[] }
  | {
      readonly kind: 'rate';
      readonly match: FakeFaultMatch;
      readonly probability: number;
      readonly fault: FakeFault;
      readonly random: () => number;
    };

/** mulberry32: a tiny seeded PRNG, so a rate of faults replays the same way on every run. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function matches(match: FakeFaultMatch, method: string, path: string): boolean {
  const { method: m, path: p } = match;
  if (m !== undefined && !(typeof m === 'string' ? [m] : m).some((x) => x.toUpperCase() === method)) return false;
  if (p === undefined) return true;
  if (typeof p === 'string') return path === p || path.startsWith(p.endsWith('/') ? p : `${p}/`);
  p.lastIndex = 0;
  return p.test(path);
}

function checkFault(fault: FakeFault): FakeFault {
  const { status, delayMs, retryAfterSeconds } = fault;
  if (status !== undefined && (!Number.isInteger(status) || status < 100 || status > 599)) {
    throw new RangeError(`fault status must be an HTTP status code (100–599), got ${status}`);
  }
  // Infinity holds the request until the server closes: a server that accepts and never answers.
  if (delayMs !== undefined) checkTimeOption('fault delayMs', delayMs, 'no-limit');
  if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
    throw new RangeError(`fault retryAfterSeconds must be a whole number ≥ 0, got ${retryAfterSeconds}`);
  }
  if (fault.drop === true && status !== undefined) {
    throw new RangeError('a fault either drops the connection or answers with a status, not both');
  }
  return { ...fault };
}

/** True when a fault does something (an empty step in a script lets its request through). */
function isActive(fault: FakeFault): boolean {
  return fault.status !== undefined || fault.drop === true || (fault.delayMs ?? 0) > 0;
}

/** The fault injector behind `server.faults`: rules are tried in the order they were added. */
export class FaultInjector implements FakeApiServerFaults {
  private rules: Rule[] = [];
  private readonly log: InjectedFault[] = [];

  get injected(): readonly InjectedFault[] {
    return [...this.log];
  }

  get pending(): number {
    return this.rules.reduce((n, r) => n + (r.kind === 'script' ? r.steps.length : 0), 0);
  }

  script(faults: readonly FakeFault[], match: FakeFaultMatch = {}): void {
    if (faults.length === 0) return;
    this.rules.push({ kind: 'script', match, steps: faults.map(checkFault) });
  }

  rate(probability: number, fault: FakeFault, options: FakeFaultRateOptions = {}): void {
    const { match = {}, seed } = options;
    if (!(probability >= 0 && probability <= 1)) {
      throw new RangeError(`fault probability must be between 0 and 1, got ${probability}`);
    }
    if (seed !== undefined && !Number.isInteger(seed))
      throw new RangeError(`fault seed must be an integer, got ${seed}`);
    this.rules.push({
      kind: 'rate',
      match,
      probability,
      fault: checkFault(fault),
      random: seed === undefined ? Math.random : seededRandom(seed),
    });
  }

  clear(): void {
    this.rules = [];
    this.log.length = 0;
  }

  /** The fault for this request, if any rule supplies one; records it as injected. */
  take(method: string, path: string): FakeFault | undefined {
    for (const rule of this.rules) {
      if (!matches(rule.match, method, path)) continue;
      let fault: FakeFault | undefined;
      if (rule.kind === 'script') {
        fault = rule.steps.shift();
        if (rule.steps.length === 0) this.rules = this.rules.filter((r) => r !== rule);
        // A script step, even an empty one, belongs to this request: later rules do not get it.
        if (fault === undefined || !isActive(fault)) return undefined;
      } else if (rule.random() < rule.probability) {
        fault = rule.fault;
      } else {
        continue;
      }
      this.log.push({ method, path, fault });
      return fault;
    }
    return undefined;
  }
}
