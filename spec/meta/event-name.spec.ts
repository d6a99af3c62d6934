import { describe, expect, it } from 'vitest';
import { eventName } from '../../src/meta/internal/event-name.js';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

describe('eventName', () => {
  it('is <object name>.<hex> for a valid object name, and a UUID otherwise, whatever was asked before', () => {
    // Alternating valid and invalid names, and one name twice in a row, past the last-name shortcut and the map.
    const names = ['web-0', 'web-0', 'Web-0', 'Web-0', 'web-0', '', 'a:b', 'web-0', 'x'.repeat(240), 'web-1'];
    const named = names.map((name) => eventName(name, '1878c2b5e2a1f000'));
    expect(named[0]).toBe('web-0.1878c2b5e2a1f000');
    expect(named[1]).toBe('web-0.1878c2b5e2a1f000');
    expect(named[2]).toMatch(uuid);
    expect(named[3]).toMatch(uuid);
    expect(named[4]).toBe('web-0.1878c2b5e2a1f000');
    expect(named[5]).toMatch(uuid);
    expect(named[6]).toMatch(uuid);
    expect(named[7]).toBe('web-0.1878c2b5e2a1f000');
    // 240 + 1 + 16 characters: over the 253 of a DNS subdomain, though the object name alone is valid.
    expect(named[8]).toMatch(uuid);
    expect(eventName('x'.repeat(240), 'ff')).toBe(`${'x'.repeat(240)}.ff`);
    expect(named[9]).toBe('web-1.1878c2b5e2a1f000');
  });
});
