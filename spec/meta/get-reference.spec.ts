import { describe, expect, it } from 'vitest';
import { getPartialReference, getReference, isObjectReference } from '../../src/meta/get-reference.js';
import { ObjectReferenceError } from '../../src/meta/object-reference-error.js';
import type { KubernetesObject, ObjectReference } from '../../src/meta/types.js';

const pod: KubernetesObject = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'shop', uid: 'uid-1', resourceVersion: '42', labels: { app: 'web' } },
};

describe('getReference', () => {
  it('takes kind and apiVersion from the object and identity from its metadata, never fieldPath', () => {
    expect(getReference(pod)).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      name: 'web-0',
      namespace: 'shop',
      uid: 'uid-1',
      resourceVersion: '42',
    });
  });

  it('leaves empty fields out, as omitempty does (a cluster-scoped object has no namespace)', () => {
    const node = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', namespace: '' } };
    expect(getReference(node)).toStrictEqual({ kind: 'Node', apiVersion: 'v1', name: 'n1' });
  });

  it('uses a reference passed in exactly as given, as a copy', () => {
    const ref: ObjectReference = { kind: 'Pod', name: 'web-0', namespace: 'shop', fieldPath: 'spec.containers{web}' };
    const result = getReference(ref);
    expect(result).toEqual(ref);
    expect(result).not.toBe(ref);
    result.name = 'changed';
    expect(ref.name).toBe('web-0');
  });

  it.each([
    ['metadata', { apiVersion: 'v1', kind: 'Pod' }],
    ['kind', { apiVersion: 'v1', metadata: { name: 'web-0', namespace: 'shop' } }],
    ['apiVersion', { kind: 'Pod', metadata: { name: 'web-0' } }],
  ] as const)('throws a typed error naming the missing %s', (field, object) => {
    let error: unknown;
    try {
      getReference(object);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ObjectReferenceError);
    expect(error).toMatchObject({ name: 'ObjectReferenceError', field });
    expect((error as Error).message).toContain(field);
  });

  it('explains that list items lack kind', () => {
    expect(() => getReference({ metadata: { name: 'web-0', namespace: 'shop' } })).toThrow(/list calls lack kind/);
  });

  const wrongTypes: [string, unknown, string][] = [
    ['metadata: null', { ...pod, metadata: null }, 'metadata'],
    ['metadata: "x"', { ...pod, metadata: 'x' }, 'metadata'],
    ['kind: 5', { ...pod, kind: 5 }, 'kind'],
    ['apiVersion: {}', { ...pod, apiVersion: {} }, 'apiVersion'],
    ['metadata.name: 7', { ...pod, metadata: { name: 7 } }, 'name'],
    ['metadata.namespace: []', { ...pod, metadata: { name: 'a', namespace: [] } }, 'namespace'],
    ['a reference with uid: 1', { kind: 'Pod', name: 'a', uid: 1 }, 'uid'],
    ['a reference with fieldPath: true', { kind: 'Pod', name: 'a', fieldPath: true }, 'fieldPath'],
  ];
  it.each(wrongTypes)('refuses %s, naming the field', (_, object, field) => {
    const error = (() => {
      try {
        getReference(object as KubernetesObject);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ObjectReferenceError);
    expect(error).toMatchObject({ field });
  });

  it('takes a null field as absent, as Go reads JSON null', () => {
    expect(getReference({ ...pod, metadata: { name: 'a', namespace: null } } as unknown as KubernetesObject)).toEqual({
      kind: 'Pod',
      apiVersion: 'v1',
      name: 'a',
    });
  });

  it('rejects a value that is not an object', () => {
    expect(() => getReference(null as unknown as KubernetesObject)).toThrow(ObjectReferenceError);
  });
});

describe('isObjectReference', () => {
  it('tells references (no metadata, a name or uid) from objects', () => {
    expect(isObjectReference({ kind: 'Pod', name: 'a' })).toBe(true);
    expect(isObjectReference({ uid: 'u' })).toBe(true);
    expect(isObjectReference(pod)).toBe(false);
    expect(isObjectReference({ kind: 'Pod', apiVersion: 'v1' })).toBe(false);
  });
});

describe('getPartialReference', () => {
  it('sets fieldPath on a new reference and never mutates a reference passed in', () => {
    const ref: ObjectReference = { kind: 'Pod', name: 'web-0' };
    expect(getPartialReference(ref, 'spec.containers[2]')).toEqual({ ...ref, fieldPath: 'spec.containers[2]' });
    expect(ref.fieldPath).toBeUndefined();
    expect(getPartialReference(pod, 'spec.containers{web}').fieldPath).toBe('spec.containers{web}');
  });

  it('refuses a fieldPath that is not a string', () => {
    expect(() => getPartialReference(pod, 3 as unknown as string)).toThrow(ObjectReferenceError);
  });
});
