import { describe, expect, it } from 'vitest';
import { formatKubeTime, formatMicroTime, parseKubeTime } from '../../src/meta/kube-time.js';

const t = new Date('2023-01-01T12:00:00.789Z');

describe('Kubernetes time formats', () => {
  it('formats metav1.Time in UTC with whole seconds', () => {
    expect(formatKubeTime(t)).toBe('2023-01-01T12:00:00Z');
  });

  it('formats each time by its own second, whatever came before (the last second is remembered)', () => {
    const times = [
      '2023-01-01T12:00:00.000Z',
      '2023-01-01T12:00:00.999Z',
      '2023-01-01T12:00:01.000Z',
      '2023-01-01T12:00:00.500Z',
      '1969-12-31T23:59:59.500Z',
      '1969-12-31T23:59:59.000Z',
      '1970-01-01T00:00:00.000Z',
    ];
    expect(times.map((text) => formatKubeTime(new Date(text)))).toEqual(times.map((text) => `${text.slice(0, 19)}Z`));
    expect(() => formatKubeTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatKubeTime(new Date(Date.UTC(10_000, 0, 1)))).toThrow(RangeError);
    expect(formatKubeTime(new Date('9999-12-31T23:59:59.999Z'))).toBe('9999-12-31T23:59:59Z');
  });

  it('formats MicroTime in UTC with six fractional digits', () => {
    expect(formatMicroTime(t)).toBe('2023-01-01T12:00:00.789000Z');
    expect(formatMicroTime(new Date(0))).toBe('1970-01-01T00:00:00.000000Z');
  });

  it('parses both forms and RFC 3339 offsets', () => {
    expect(parseKubeTime('2023-01-01T12:00:00Z').getTime()).toBe(Date.UTC(2023, 0, 1, 12));
    expect(parseKubeTime('2023-01-01T12:00:00.789123Z').toISOString()).toBe('2023-01-01T12:00:00.789Z');
    expect(parseKubeTime('2023-01-01T13:00:00+01:00').getTime()).toBe(Date.UTC(2023, 0, 1, 12));
  });

  it('rejects invalid input with a RangeError', () => {
    expect(() => parseKubeTime('yesterday')).toThrow(RangeError);
    expect(() => formatKubeTime(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => formatMicroTime(new Date(Number.NaN))).toThrow(RangeError);
  });

  it('refuses years outside 0–9999, which RFC 3339 cannot write (toISOString gives +010000-…)', () => {
    expect(() => formatKubeTime(new Date('+010000-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(() => formatMicroTime(new Date('-000001-01-01T00:00:00Z'))).toThrow(RangeError);
    expect(formatKubeTime(new Date('9999-12-31T23:59:59Z'))).toBe('9999-12-31T23:59:59Z');
    expect(formatKubeTime(new Date('0000-01-01T00:00:00Z'))).toBe('0000-01-01T00:00:00Z');
  });
});
