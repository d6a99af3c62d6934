/**
 * Node's TLS certificate verification failures, by the error code Node (and node-fetch or undici above it) puts on the
 * error or its `cause` chain, each with what to check. They are final: the same request fails the same way until the
 * KubeConfig or the certificate changes, so neither a writer nor a watch retries them.
 */
/**
 * Node's codes for a TLS certificate that failed verification (OpenSSL's `X509_V_ERR_*` names, and the hostname
 * check's `ERR_TLS_CERT_ALTNAME_INVALID`), by what to check. The same request will fail the same way: it is final.
 */
const tlsCodes: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    [
      'DEPTH_ZERO_SELF_SIGNED_CERT',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'UNABLE_TO_GET_ISSUER_CERT',
      'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
      'UNABLE_TO_DECRYPT_CERT_SIGNATURE',
      'UNABLE_TO_DECODE_ISSUER_PUBLIC_KEY',
      'CERT_SIGNATURE_FAILURE',
      'CERT_CHAIN_TOO_LONG',
      'CERT_UNTRUSTED',
      'CERT_REJECTED',
      'CERT_REVOKED',
      'INVALID_CA',
      'INVALID_PURPOSE',
      'PATH_LENGTH_EXCEEDED',
    ].map((code) => [
      code,
      "Set the cluster's certificate-authority (or certificate-authority-data) in the KubeConfig to the CA that signed the API server's certificate, and check that the server sends its whole chain",
    ]),
  ),
  ...Object.fromEntries(
    ['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERROR_IN_CERT_NOT_BEFORE_FIELD', 'ERROR_IN_CERT_NOT_AFTER_FIELD'].map(
      (code) => [
        code,
        "Check the API server certificate's dates (openssl x509 -noout -dates) and this machine's clock; renew the certificate if it has expired",
      ],
    ),
  ),
  ...Object.fromEntries(
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'HOSTNAME_MISMATCH'].map((code) => [
      code,
      "The certificate does not name the host of the server URL: use a server URL with a DNS name or IP that the certificate's subjectAltName lists, or set the cluster's tls-server-name",
    ]),
  ),
};

/** The first error code on the error or its `cause` chain that `matches` (node-fetch, undici and Node all differ). */
export function findCode(err: unknown, matches: (code: string) => boolean): string | undefined {
  for (
    let e: unknown = err, depth = 0;
    typeof e === 'object' && e !== null && depth < 5;
    e = (e as { cause?: unknown }).cause, depth++
  ) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && matches(code)) return code;
  }
  return undefined;
}

/**
 * The TLS verification failure on `err`'s `cause` chain, if it is one.
 *
 * @param err - what a request rejected with
 * @returns the error code and what to check, or `undefined` for any other error
 */
export function tlsFailure(err: unknown): { readonly code: string; readonly hint: string } | undefined {
  const code = findCode(err, (c) => Object.hasOwn(tlsCodes, c));
  return code === undefined ? undefined : { code, hint: tlsCodes[code] ?? '' };
}
