import { defer, map } from 'rxjs';
import type { OperatorFunction } from 'rxjs';

/**
 * Runs `step` on a correlation stage for each value: the given instance (its state shared by every subscription, and
 * open to `updateState` by its owner), or a fresh one per subscription made from options.
 */
export function stageOperator<S, O, T, R>(
  stageOrOptions: NoInfer<S | O>,
  Stage: new (options: O) => S,
  resolve: (options: O) => NoInfer<O>,
  step: (stage: S, value: T) => R,
): OperatorFunction<T, R> {
  if (stageOrOptions instanceof Stage) {
    const stage = stageOrOptions;
    return map((value) => step(stage, value));
  }
  // Resolved now, so a bad option throws where the operator is made rather than on the first subscription.
  const options = resolve(stageOrOptions as O);
  return (source) =>
    defer(() => {
      const stage = new Stage(options);
      return source.pipe(map((value) => step(stage, value)));
    });
}
