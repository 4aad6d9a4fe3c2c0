/**
 * The emulator's TLS identity: a fresh self-signed certificate for the loopback addresses, made at start.
 * Never written to disk unless the caller asks; clients trust it explicitly (see remote/httpClient.ts).
 */
export interface LoopbackCertificate {
  /** PEM certificate (also the trust anchor a client passes as `ca`). */
  cert: string;
  /** PEM private key. */
  key: string;
  /** SHA-1 fingerprint, for display. */
  fingerprint: string;
}

/** Generates an EC P-256 certificate valid for 127.0.0.1, ::1 and localhost, one week long. */
export async function makeLoopbackCertificate(): Promise<LoopbackCertificate> {
  const selfsigned = await import('selfsigned');
  const now = new Date();
  const notAfter = new Date(now.getTime() + 7 * 24 * 3600 * 1000);
  const pems = await selfsigned.generate([{ name: 'commonName', value: 'adfw-emulator.localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60_000),
    notAfterDate: notAfter,
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 7, ip: '::1' }, { type: 2, value: 'localhost' }] },
    ],
  });
  return { cert: pems.cert, key: pems.private, fingerprint: pems.fingerprint };
}
