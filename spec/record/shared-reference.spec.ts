import { describe, expect, it } from 'vitest';
import type { ObjectReference } from '../../src/meta/index.js';
import { SharedReference } from '../../src/record/internal/shared-reference.js';

const fields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;
const full = (): ObjectReference => ({
  kind: 'Pod',
  namespace: 'shop',
  name: 'web-0',
  uid: 'u-1',
  apiVersion: 'v1',
  resourceVersion: '7',
  fieldPath: 'spec.containers{web}',
});

describe('SharedReference', () => {
  it('freezes the first reference and returns it', () => {
    const shared = new SharedReference();
    const reference = full();
    expect(shared.frozen(reference)).toBe(reference);
    expect(Object.isFrozen(reference)).toBe(true);
  });

  it('returns the last reference for one with the same fields, leaving that one alone', () => {
    const shared = new SharedReference();
    const first = shared.frozen(full());
    const again = full();
    expect(shared.frozen(again)).toBe(first);
    expect(Object.isFrozen(again)).toBe(false);
    const node = shared.frozen({ kind: 'Node', name: 'n1' });
    expect(node).toStrictEqual({ kind: 'Node', name: 'n1' });
    expect(shared.frozen({ kind: 'Node', name: 'n1' })).toBe(node);
  });

  it.each(fields)('returns a reference of its own when %s differs, or is absent on one side', (field) => {
    const shared = new SharedReference();
    shared.frozen(full());
    const changed = { ...full(), [field]: 'other' };
    expect(shared.frozen(changed)).toBe(changed);
    expect(Object.isFrozen(changed)).toBe(true);

    const without = full();
    // eslint-disable-next-line @typescript-eslint/no-dynamic-delete -- each field of the reference in turn, to leave it unset
    delete without[field];
    expect(shared.frozen(without)).toBe(without);
    const back = full();
    expect(shared.frozen(back)).toBe(back);
  });

  it('compares with the last reference only: after another object, the first one is taken anew', () => {
    const shared = new SharedReference();
    const a = shared.frozen(full());
    shared.frozen({ kind: 'Node', name: 'n1' });
    const again = full();
    expect(shared.frozen(again)).toBe(again);
    expect(again).toStrictEqual(a);
  });
});
