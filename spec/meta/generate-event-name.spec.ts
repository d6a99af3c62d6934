import { describe, expect, it } from 'vitest';
import { generateEventName, uniqueUnixNanos } from '../../src/meta/generate-event-name.js';
import { isDnsSubdomain } from '../../src/meta/names.js';

describe('generateEventName', () => {
  it('is <name>.<lower-case hex of unix nanoseconds>, as client-go', () => {
    expect(generateEventName('test-pod', 105999103295324396n)).toBe('test-pod.178959f726d80ec');
    expect(generateEventName('p', BigInt(Date.UTC(2023, 0, 1, 12)) * 1_000_000n)).toBe('p.17362d8e1c698000');
  });

  it.each([
    ['an empty object name', ''],
    ['upper case', 'Web-0'],
    ['a colon (an IPAddress name)', '2001:db8::123'],
    ['a name too long for a DNS subdomain', 'a'.repeat(253)],
  ])('falls back to a random UUID for %s', (_, name) => {
    const eventName = generateEventName(name, 1n);
    expect(eventName).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(isDnsSubdomain(eventName)).toBe(true);
    expect(generateEventName(name, 1n)).not.toBe(eventName);
  });
});

describe('generateEventName validity', () => {
  it('falls back when a valid object name makes an event name over 253 characters', () => {
    const objectName = 'a'.repeat(240);
    expect(isDnsSubdomain(objectName)).toBe(true);
    expect(generateEventName(objectName, 1n)).toBe(`${objectName}.1`);
    expect(isDnsSubdomain(generateEventName(objectName, 0x1_0000_0000_0000n))).toBe(true);
    expect(generateEventName(objectName, 0x1_0000_0000_0000n)).not.toContain(objectName);
  });

  it('judges every object name alike however many it has seen', () => {
    for (let i = 0; i < 5000; i++) expect(generateEventName(`pod-${i}`, 255n)).toBe(`pod-${i}.ff`);
    expect(generateEventName('Pod-1', 255n)).not.toMatch(/^Pod-1\./);
    expect(generateEventName('pod-1', 255n)).toBe('pod-1.ff');
  });
});

describe('uniqueUnixNanos', () => {
  it('stays unique when the millisecond clock stands still, and follows the clock when it moves', () => {
    const ms = 4_102_444_800_000; // 2100-01-01, later than anything used before in this process
    const first = uniqueUnixNanos(ms);
    expect(first).toBe(BigInt(ms) * 1_000_000n);
    const names = new Set(Array.from({ length: 1000 }, () => generateEventName('web-0', uniqueUnixNanos(ms))));
    expect(names.size).toBe(1000);
    expect(uniqueUnixNanos(ms + 1)).toBe(BigInt(ms + 1) * 1_000_000n);
  });

  it('never goes backwards when the clock does', () => {
    const a = uniqueUnixNanos(4_102_444_900_000);
    expect(uniqueUnixNanos(1000)).toBeGreaterThan(a);
  });
});
