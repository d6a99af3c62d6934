/** Whether `value` is an object whose properties can be read (not `null`), e.g. a parsed JSON body or an error. */
export const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null;
