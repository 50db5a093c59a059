/**
 * Node's certificate verification codes, by what a user would call the problem. `--insecure`
 * accepts all of them.
 */
const TLS_PROBLEMS: Readonly<Record<string, string>> = {
  CERT_HAS_EXPIRED: 'expired',
  CERT_NOT_YET_VALID: 'not yet valid',
  DEPTH_ZERO_SELF_SIGNED_CERT: 'self-signed',
  SELF_SIGNED_CERT_IN_CHAIN: 'self-signed (in the chain)',
  ERR_TLS_CERT_ALTNAME_INVALID: 'issued for another host name',
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: 'issued by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT: 'issued by an unknown CA',
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: 'issued by an unknown CA',
  CERT_REVOKED: 'revoked',
  CERT_UNTRUSTED: 'invalid (not trusted for this use)',
  CERT_REJECTED: 'invalid (rejected)',
  CERT_SIGNATURE_FAILURE: 'invalid (bad signature)',
  INVALID_CA: 'invalid (the issuer is not a CA)',
  INVALID_PURPOSE: 'invalid (not for server authentication)',
  PATH_LENGTH_EXCEEDED: 'invalid (chain too long)',
  ERROR_IN_CERT_NOT_BEFORE_FIELD: 'invalid (unreadable dates)',
  ERROR_IN_CERT_NOT_AFTER_FIELD: 'invalid (unreadable dates)',
};

/** What is wrong with the server's certificate, for a verification error code; null for other codes. */
export function tlsCertificateProblem(code: string): string | null {
  return TLS_PROBLEMS[code] ?? null;
}

/** True for a certificate problem or a failed TLS handshake. */
export function isTlsFailure(code: string): boolean {
  return code in TLS_PROBLEMS || code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_');
}
