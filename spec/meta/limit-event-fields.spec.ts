import { describe, expect, it } from 'vitest';
import { limitEventFields } from '../../src/meta/limit-event-fields.js';
import { truncateUtf8 } from '../../src/meta/truncate-utf8.js';
import type { CoreV1Event } from '../../src/meta/types.js';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('truncateUtf8', () => {
  it('returns the text itself when it fits', () => {
    const text = 'héllo';
    expect(truncateUtf8(text, 6)).toBe(text);
    expect(truncateUtf8('', 0)).toBe('');
  });

  it('cuts between code points, never inside one', () => {
    expect(truncateUtf8('héllo', 2)).toBe('h');
    expect(truncateUtf8('héllo', 3)).toBe('hé');
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
  });

  it('keeps a long note within 1024 bytes without producing U+FFFD (kyverno #17580)', () => {
    const note = 'x'.repeat(1022) + '日本語';
    const cut = truncateUtf8(note, 1024);
    expect(bytes(cut)).toBeLessThanOrEqual(1024);
    expect(cut).not.toContain('\uFFFD');
    expect(cut).toBe('x'.repeat(1022));
  });

  it('rejects a bad limit', () => {
    expect(() => truncateUtf8('a', -1)).toThrow(RangeError);
    expect(() => truncateUtf8('a', 1.5)).toThrow(RangeError);
  });
});

describe('limitEventFields', () => {
  const base: CoreV1Event = {
    metadata: { name: 'e' },
    involvedObject: { name: 'p' },
    reason: 'Started',
    message: 'ok',
  };

  it('returns the same event when every field fits', () => {
    const result = limitEventFields(base);
    expect(result.event).toBe(base);
    expect(result.truncated).toEqual([]);
  });

  it('cuts message to 1024 and reason, action, reportingInstance to 128 bytes, and says so', () => {
    const event: CoreV1Event = {
      ...base,
      message: 'é'.repeat(600),
      reason: 'R'.repeat(129),
      action: 'A'.repeat(128),
      reportingInstance: 'i'.repeat(300),
    };
    const { event: fitted, truncated } = limitEventFields(event);
    expect(bytes(fitted.message ?? '')).toBe(1024);
    expect(fitted.reason).toHaveLength(128);
    expect(fitted.action).toBe(event.action);
    expect(fitted.reportingInstance).toHaveLength(128);
    expect(truncated).toEqual([
      { field: 'message', bytes: 1200, limit: 1024 },
      { field: 'reason', bytes: 129, limit: 128 },
      { field: 'reportingInstance', bytes: 300, limit: 128 },
    ]);
    expect(event.message).toHaveLength(600);
  });
});
