// The hub's own TLS certificate (GLASSBAY_TLS=on). A shop network has no public name and no CA, so
// the hub makes a self-signed certificate at its first start and keeps it in the data dir; screens
// and installers trust it by pinning its SHA-256 fingerprint, which the hub logs and shows to staff.
// Node can sign with a key but cannot build an X.509 certificate: `selfsigned` does that part.
import { X509Certificate } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../store/private-files.ts';

export const TLS_DIR = 'tls';
export const TLS_KEY_FILE = 'tls/key.pem';
export const TLS_CERT_FILE = 'tls/cert.pem';
/** A pinned certificate is replaced by hand, never by surprise: it lasts as long as the hub. */
const VALID_YEARS = 20;

export interface HubTls {
  key: string;
  cert: string;
  /** SHA-256 of the certificate's DER, colon-separated hex, as browsers and openssl print it. */
  fingerprint256: string;
  /** Whether this start made the certificate (the installer must pin the new fingerprint). */
  created: boolean;
}

/** The certificate from the data dir, made (key 0600 in a 0700 dir) when there is none yet. */
export async function loadOrCreateTls(dataDir: string): Promise<HubTls> {
  const dir = join(dataDir, TLS_DIR);
  const keyFile = join(dataDir, TLS_KEY_FILE);
  const certFile = join(dataDir, TLS_CERT_FILE);
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dir, PRIVATE_DIR_MODE);
  if (existsSync(keyFile) && existsSync(certFile)) {
    chmodSync(keyFile, PRIVATE_FILE_MODE);
    const cert = readFileSync(certFile, 'utf8');
    return { key: readFileSync(keyFile, 'utf8'), cert, fingerprint256: fingerprintOf(cert), created: false };
  }
  const name = hostname();
  const notBeforeDate = new Date(Date.now() - 24 * 3600_000); // a screen's clock may be behind
  const notAfterDate = new Date(notBeforeDate.getTime() + VALID_YEARS * 365 * 24 * 3600_000);
  // Loaded only to make a certificate, once per install: ~8 MiB of the hub's memory otherwise.
  const { generate } = await import('selfsigned');
  const pems = await generate([{ name: 'commonName', value: `Glassbay hub ${name}` }], {
    ...{ keyType: 'ec', curve: 'P-256', algorithm: 'sha256', notBeforeDate, notAfterDate },
    extensions: [
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      {
        name: 'subjectAltName',
        altNames: [
          { type: 2, value: name },
          { type: 2, value: `${name}.local` },
          { type: 2, value: 'localhost' },
          { type: 7, ip: '127.0.0.1' },
        ],
      },
    ],
  });
  // The key lands whole or not at all; the certificate is written last, so a crash between the two
  // leaves no certificate and the next start makes a fresh pair.
  writeAtomic(keyFile, pems.private, PRIVATE_FILE_MODE);
  writeAtomic(certFile, pems.cert, 0o644);
  return { key: pems.private, cert: pems.cert, fingerprint256: fingerprintOf(pems.cert), created: true };
}

export const fingerprintOf = (certPem: string): string => new X509Certificate(certPem).fingerprint256;

function writeAtomic(file: string, text: string, mode: number): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, text, { mode });
  chmodSync(tmp, mode);
  renameSync(tmp, file);
}
