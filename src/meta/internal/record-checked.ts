/** The outcome of checking a recording call: the checked call, or why it makes no event. */
export type Checked<C, R> = { readonly ok: true; readonly call: C } | { readonly ok: false; readonly refusal: R };

/** What a recorder does with a checked call. */
export interface RecordSteps<C, R> {
  /** Makes the event and hands it over. */
  readonly submit: (call: C) => void;
  /** Counts and reports a refusal. */
  readonly refuse: (refusal: R) => void;
  /** The refusal for something `submit` threw. */
  readonly unexpected: (error: unknown) => R;
}

/**
 * Records a checked call, never throwing: a refused call is refused, and whatever `submit` throws (the clock, a
 * user's scheduler, is all that is left to throw) is refused as unexpected. Shared by both recorders.
 */
export function recordChecked<C, R>(checked: Checked<C, R>, steps: RecordSteps<C, R>): void {
  if (!checked.ok) {
    steps.refuse(checked.refusal);
    return;
  }
  try {
    steps.submit(checked.call);
  } catch (error) {
    steps.refuse(steps.unexpected(error));
  }
}
