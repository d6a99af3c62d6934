import { differenceInMilliseconds } from 'date-fns';

/**
 * Formats the age of something as kubectl does (apimachinery's `duration.HumanDuration`): `45s`, `3m20s`, `42m`,
 * `5h12m`, `30h`, `3d4h`, `120d`, `3y45d`, `9y`. A time a little in the future (clock skew under a second) reads `0s`;
 * further in the future, `<invalid>`.
 *
 * @param since - when the thing happened
 * @param now - the time to measure to
 * @returns the age as kubectl prints it
 * @example
 * ```ts
 * import { humanDuration } from 'rx-kube-events';
 * humanDuration(new Date('2024-01-01T00:00:00Z'), new Date('2024-01-01T00:03:20Z')); // '3m20s'
 * ```
 */
export function humanDuration(since: Date, now: Date): string {
  const ms = differenceInMilliseconds(now, since);
  if (ms < -1000) return '<invalid>';
  const seconds = Math.max(0, Math.trunc(ms / 1000));
  const minutes = Math.trunc(seconds / 60);
  const hours = Math.trunc(minutes / 60);
  const days = Math.trunc(hours / 24);
  const years = Math.trunc(days / 365);
  if (seconds < 120) return `${seconds}s`;
  if (minutes < 10) return pair(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  if (hours < 8) return pair(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) return pair(days, 'd', hours % 24, 'h');
  if (days < 365 * 2) return `${days}d`;
  if (years < 8) return pair(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function pair(major: number, majorUnit: string, minor: number, minorUnit: string): string {
  return minor === 0 ? `${major}${majorUnit}` : `${major}${majorUnit}${minor}${minorUnit}`;
}
