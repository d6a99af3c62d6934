import { describe, expect, it } from 'vitest';
import { getReference } from '../../src/meta/index.js';
import type { KubernetesObject, ObjectReference } from '../../src/meta/index.js';
import { SharedReference } from '../../src/meta/internal/shared-reference.js';

const referenceFields = ['kind', 'namespace', 'name', 'uid', 'apiVersion', 'resourceVersion', 'fieldPath'] as const;
const metadataFields = ['name', 'namespace', 'uid', 'resourceVersion'] as const;
const fullReference = (): ObjectReference => ({
  kind: 'Pod',
  namespace: 'shop',
  name: 'web-0',
  uid: 'u-1',
  apiVersion: 'v1',
  resourceVersion: '7',
  fieldPath: 'spec.containers{web}',
});
const pod = (): KubernetesObject => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'shop', uid: 'u-1', resourceVersion: '7', labels: { app: 'web' } },
});

/** An object changed in place, field by field, with values of any type. */
interface Loose {
  [field: string]: unknown;
  metadata?: unknown;
  namespace?: unknown;
}

/** `of(object)`, or what it threw. */
function outcome(shared: SharedReference, object: unknown): { reference: ObjectReference } | { thrown: unknown } {
  try {
    return { reference: shared.of(object) };
  } catch (thrown) {
    return { thrown };
  }
}

/** `getReference(object)`, or what it threw. */
function expected(object: unknown): { reference: ObjectReference } | { thrown: unknown } {
  try {
    return { reference: getReference(object as ObjectReference) };
  } catch (thrown) {
    return { thrown };
  }
}

describe('SharedReference', () => {
  it("freezes a new object's reference, getReference's copy", () => {
    const shared = new SharedReference();
    const object = pod();
    const reference = shared.of(object);
    expect(reference).toStrictEqual(getReference(object));
    expect(Object.isFrozen(reference)).toBe(true);
    expect(Object.isFrozen(object)).toBe(false);
    const given = fullReference();
    const copy = shared.of(given);
    expect(copy).toStrictEqual(given);
    expect(copy).not.toBe(given);
    expect(Object.isFrozen(given)).toBe(false);
  });

  it('returns the last reference for the same object again, and for another with the same fields', () => {
    const shared = new SharedReference();
    const object = pod();
    const first = shared.of(object);
    expect(shared.of(object)).toBe(first);
    expect(shared.of(pod())).toBe(first);
    // Fields the reference does not take change nothing.
    object.metadata!.labels = { app: 'other' };
    expect(shared.of(object)).toBe(first);
    expect(
      shared.of({ kind: 'Pod', apiVersion: 'v1', name: 'web-0', namespace: 'shop', uid: 'u-1', resourceVersion: '7' }),
    ).toBe(first);

    const reference = fullReference();
    const given = shared.of(reference);
    expect(shared.of(reference)).toBe(given);
    expect(shared.of(fullReference())).toBe(given);
  });

  it.each(metadataFields)(
    'gives the same object a reference of its own when its metadata.%s changes in place',
    (field) => {
      const shared = new SharedReference();
      const object = pod();
      const first = shared.of(object);
      object.metadata![field] = 'other';
      const changed = shared.of(object);
      expect(changed).not.toBe(first);
      expect(changed).toStrictEqual({ ...first, [field]: 'other' });
      expect(Object.isFrozen(changed)).toBe(true);
      Reflect.deleteProperty(object.metadata!, field);
      const without = { ...first };
      Reflect.deleteProperty(without, field);
      expect(shared.of(object)).toStrictEqual(without);
    },
  );

  it.each(['kind', 'apiVersion'] as const)(
    'gives the same object a reference of its own when its %s changes in place',
    (field) => {
      const shared = new SharedReference();
      const object = pod();
      const first = shared.of(object);
      object[field] = 'Other';
      expect(shared.of(object)).toStrictEqual({ ...first, [field]: 'Other' });
      object[field] = '';
      expect(() => shared.of(object)).toThrow(getThrown(object));
    },
  );

  it.each(referenceFields)(
    'gives the same reference object a reference of its own when its %s changes in place',
    (field) => {
      const shared = new SharedReference();
      const reference: ObjectReference = fullReference();
      const first = shared.of(reference);
      reference[field] = 'other';
      const changed = shared.of(reference);
      expect(changed).toStrictEqual({ ...first, [field]: 'other' });
      expect(changed).not.toBe(first);
    },
  );

  it("refuses what is not an object, even with the last reference's fields", () => {
    const shared = new SharedReference();
    const object = pod();
    shared.of(object);
    const fn = Object.assign(() => undefined, {
      kind: object.kind,
      apiVersion: object.apiVersion,
      metadata: object.metadata,
    });
    for (const value of [fn, undefined, null, 'web-0']) expect(() => shared.of(value)).toThrow(getThrown(value));
  });

  it('takes the full way for fields getReference leaves out, and still shares the reference', () => {
    const shared = new SharedReference();
    const first = shared.of({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web-0' } });
    expect(shared.of({ kind: 'Pod', apiVersion: 'v1', metadata: { name: 'web-0', namespace: '', uid: null } })).toBe(
      first,
    );
  });

  describe('the same object changing form in place, its fields kept', () => {
    it('a reference with a fieldPath given metadata: the object form, without the fieldPath', () => {
      const shared = new SharedReference();
      const object: Loose = { ...fullReference() };
      expect(shared.of(object).fieldPath).toBe('spec.containers{web}');
      object.metadata = { name: 'web-0', namespace: 'shop', uid: 'u-1', resourceVersion: '7' };
      expect(shared.of(object)).toStrictEqual(getReference(object as KubernetesObject));
      expect(shared.of(object).fieldPath).toBeUndefined();
    });

    it.each(['kind', 'apiVersion'] as const)(
      'a reference without %s given metadata: refused as getReference refuses it',
      (field) => {
        const shared = new SharedReference();
        const object: Loose = { ...fullReference(), fieldPath: undefined, [field]: undefined };
        shared.of(object);
        object.metadata = { name: 'web-0', namespace: 'shop', uid: 'u-1', resourceVersion: '7' };
        expect(() => shared.of(object)).toThrow(getThrown(object));
      },
    );

    it('an object without a name or uid losing its metadata: refused as getReference refuses it', () => {
      const shared = new SharedReference();
      const object: Loose = { kind: 'Pod', apiVersion: 'v1', metadata: { namespace: 'shop' } };
      expect(shared.of(object)).toStrictEqual({ kind: 'Pod', apiVersion: 'v1', namespace: 'shop' });
      object.metadata = undefined;
      object.namespace = 'shop';
      expect(() => shared.of(object)).toThrow(getThrown(object));
    });
  });

  it('compares with the last reference only: after another object, the first one is taken anew', () => {
    const shared = new SharedReference();
    const object = pod();
    const a = shared.of(object);
    shared.of({ kind: 'Node', name: 'n1' });
    const again = shared.of(object);
    expect(again).not.toBe(a);
    expect(again).toStrictEqual(a);
  });

  it.each([
    ['a Kubernetes object', [0]],
    ['a reference', [1]],
    ['both, taking turns', [0, 1]],
  ])('agrees with getReference on every change made in place to %s, fields of every type included', (_, starts) => {
    // The shortcut for the same object must never accept what getReference refuses, nor keep a stale reference. A
    // small pool of values, so that fields often equal the last reference's (the shortcut's case), and now and then
    // one getReference refuses.
    const values: unknown[] = ['a', 'a', 'a', undefined, undefined, '', null, 7];
    let seed = 5;
    const random = (n: number): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    const pick = <T>(list: readonly T[]): T => list[random(list.length)] as T;
    const someMetadata = (): unknown => {
      const kind = random(6);
      if (kind === 0) return pick([undefined, null, [], 'x']);
      const metadata: Loose = {};
      for (const field of metadataFields) if (random(2) === 0) metadata[field] = pick(values);
      return kind === 1 ? Object.assign([], metadata) : metadata;
    };
    // Every field 'a', as the pool's values: a change of form (metadata set or removed) often keeps the fields.
    const fresh = [
      (): Loose => ({
        kind: 'a',
        apiVersion: 'a',
        metadata: { name: 'a', namespace: 'a', uid: 'a', resourceVersion: 'a' },
      }),
      (): Loose => Object.fromEntries(referenceFields.map((field) => [field, 'a'])),
    ];
    const objects = starts.map((start) => ({ start, object: (fresh[start] as () => Loose)() }));
    const shared = new SharedReference();
    let last: ObjectReference | undefined;
    let made = 0;
    for (let step = 0; step < 20_000; step++) {
      const { start, object } = pick(objects);
      const change = random(8);
      if (change === 0) {
        // Back to where it started, in place: the same object.
        for (const key of Object.keys(object)) Reflect.deleteProperty(object, key);
        Object.assign(object, (fresh[start] as () => Loose)());
      } else if (change === 1) object.metadata = someMetadata();
      else if (change === 2 || change === 3) object[pick(referenceFields)] = pick(values);
      else if ((change === 4 || change === 5) && typeof object.metadata === 'object' && object.metadata !== null) {
        (object.metadata as Loose)[pick(metadataFields)] = pick(values);
      }
      // Otherwise, the same object again, unchanged.
      const got = outcome(shared, object);
      const want = expected(object);
      expect(got).toStrictEqual(want);
      if (!('reference' in got)) continue;
      made++;
      expect(Object.isFrozen(got.reference)).toBe(true);
      if (last !== undefined && sameFields(last, got.reference)) expect(got.reference).toBe(last);
      else expect(got.reference).not.toBe(last);
      last = got.reference;
    }
    // Both ways were taken often: the draw is not all refusals.
    expect(made).toBeGreaterThan(4_000);
    expect(made).toBeLessThan(16_000);
  });
});

function getThrown(object: unknown): string {
  const result = expected(object);
  if (!('thrown' in result) || !(result.thrown instanceof Error)) throw new Error('getReference did not throw');
  return result.thrown.message;
}

function sameFields(a: ObjectReference, b: ObjectReference): boolean {
  return referenceFields.every((field) => a[field] === b[field]);
}
