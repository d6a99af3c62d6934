import { describe, expect, it } from 'vitest';
import { isDnsLabel, isDnsSubdomain, isQualifiedName } from '../../src/meta/names.js';
import { isEventType } from '../../src/meta/is-event-type.js';

describe('name syntax', () => {
  it.each([
    ['web-0.17362d8e1c698000', true],
    ['a', true],
    ['a'.repeat(253), true],
    ['a'.repeat(254), false],
    ['.17362d8e1c698000', false],
    ['Web', false],
    ['a_b', false],
    ['a-', false],
  ])('isDnsSubdomain(%j) is %s', (name, ok) => {
    expect(isDnsSubdomain(name)).toBe(ok);
  });

  it.each([
    ['kube-system', true],
    ['a.b', false],
    ['a'.repeat(64), false],
  ])('isDnsLabel(%j) is %s', (name, ok) => {
    expect(isDnsLabel(name)).toBe(ok);
  });

  it.each([
    ['my-operator', true],
    ['example.com/my-operator', true],
    ['Example_Op.v2', true],
    ['example.com/', false],
    ['/my-operator', false],
    ['a/b/c', false],
    ['my operator', false],
    ['-op', false],
    ['a'.repeat(64), false],
    ['Example.com/op', false],
  ])('isQualifiedName(%j) is %s', (name, ok) => {
    expect(isQualifiedName(name)).toBe(ok);
  });
});

describe('isEventType', () => {
  it('accepts exactly Normal and Warning', () => {
    expect(['Normal', 'Warning', 'normal', 'WARNING', '', undefined].map(isEventType)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
  });
});
