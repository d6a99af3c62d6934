/**
 * This package's version, as `package.json` has it (a spec keeps the two equal): a constant rather than a JSON import,
 * which would need import attributes in the ESM build and `resolveJsonModule` in every consumer's type check.
 */
export const PACKAGE_VERSION = '0.1.0';

/**
 * The `User-Agent` of the requests the sinks send themselves, as client-go's `<binary>/<version> (<os>/<arch>)`:
 * what API server audit logs and API Priority and Fairness debugging show as the writer.
 */
export const USER_AGENT = `rx-kube-events/${PACKAGE_VERSION} (${process.platform}/${process.arch}; node ${process.version})`;
