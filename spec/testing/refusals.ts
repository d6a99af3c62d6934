import type { Observable } from 'rxjs';
import { expect } from 'vitest';
import type { EventBroadcaster, RecordDiagnostic } from '../../src/record/index.js';
import { diagnosticsOf, record } from '../record/helpers.js';

/** What a core/v1 fake recorder has, as a test reads it. */
interface Fake {
  readonly events: readonly string[];
  readonly records: readonly unknown[];
  readonly diagnostics: readonly RecordDiagnostic[];
  readonly events$: Observable<string>;
}

/**
 * Makes `call` on a real recorder of `broadcaster` and on `fake`, and checks that neither throws, neither records,
 * and the fake keeps exactly the one diagnostic production reports.
 */
export function expectRefusedAlike<R>(
  broadcaster: EventBroadcaster,
  real: R,
  fake: Fake & R,
  call: (recorder: R) => void,
): void {
  const production = diagnosticsOf(broadcaster);
  const lines = record(fake.events$);

  expect(() => {
    call(real);
  }).not.toThrow();
  expect(() => {
    call(fake);
  }).not.toThrow();

  expect(broadcaster.stats.recorded).toBe(0);
  expect([fake.events, fake.records, lines.values]).toEqual([[], [], []]);
  const strip = ({ level, code, message }: RecordDiagnostic) => ({ level, code, message });
  expect(production).toHaveLength(1);
  expect(fake.diagnostics.map(strip)).toEqual(production.map(strip));
}
