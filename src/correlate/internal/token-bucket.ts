/** A token bucket's state, as `golang.org/x/time/rate.Limiter` keeps it: tokens held and when they were counted. */
export interface TokenBucket {
  tokens: number;
  /** `scheduler.now()` milliseconds of the last accepted call (or of the bucket's creation). */
  last: number;
}

/** A full bucket: client-go's limiter starts with `burst` tokens. */
export function fullBucket(burst: number, now: number): TokenBucket {
  return { tokens: burst, last: now };
}

/**
 * Takes one token if there is one at `now` (`rate.Limiter.AllowN(now, 1)`): the bucket refills continuously at
 * `qps` tokens a second up to `burst`; time that went backwards refills nothing; a rejected call changes nothing
 * (it takes no token and does not move `last`).
 */
export function tryAccept(bucket: TokenBucket, now: number, burst: number, qps: number): boolean {
  const elapsedSeconds = Math.max(0, now - bucket.last) / 1000;
  const tokens = Math.min(burst, bucket.tokens + elapsedSeconds * qps);
  if (tokens < 1) return false;
  bucket.tokens = tokens - 1;
  bucket.last = now;
  return true;
}
