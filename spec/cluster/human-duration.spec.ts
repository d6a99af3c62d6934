import { describe, expect, it } from 'vitest';
import { humanDuration } from '../../src/cluster/human-duration.js';

const t0 = new Date('2024-01-01T00:00:00Z');
const after = (seconds: number): Date => new Date(t0.getTime() + seconds * 1000);

describe('humanDuration (kubectl ages)', () => {
  it.each([
    [0, '0s'],
    [-0.5, '0s'],
    [-2, '<invalid>'],
    [45, '45s'],
    [119, '119s'],
    [120, '2m'],
    [200, '3m20s'],
    [599, '9m59s'],
    [600, '10m'],
    [179 * 60, '179m'],
    [3 * 3600, '3h'],
    [5 * 3600 + 12 * 60, '5h12m'],
    [30 * 3600, '30h'],
    [3 * 86400 + 4 * 3600, '3d4h'],
    [8 * 86400, '8d'],
    [120 * 86400, '120d'],
    [(3 * 365 + 45) * 86400, '3y45d'],
    [9 * 365 * 86400, '9y'],
  ])('%ss reads %s', (seconds, expected) => {
    expect(humanDuration(t0, after(seconds))).toBe(expected);
  });
});
