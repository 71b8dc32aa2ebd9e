// The data directory holds customers' phone numbers and plates, device secrets, the media signing
// key and the installer's setup code: only the hub's own OS user may read it. The directory is 0700
// and every file that holds data or a secret is 0600, also when an older version (or a hand-made
// directory) left them wider: the hub fixes them at each start.
import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { join } from 'node:path';

export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** The files under the data dir that hold data or secrets (those present are tightened). */
export const PRIVATE_FILES = [
  'glassbay.db',
  'glassbay.db-wal',
  'glassbay.db-shm',
  'media-token.key',
  'setup-code.txt',
  'children.json',
  'mosquitto/hub.secret',
  'mosquitto/passwd',
  'mosquitto/acl',
  'tls/key.pem',
];

/** Create the data dir owner-only, or make an existing one so, and tighten the files in it. */
export function securePrivateData(dataDir: string): void {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  chmodSync(dataDir, PRIVATE_DIR_MODE);
  for (const f of PRIVATE_FILES) {
    const path = join(dataDir, f);
    if (existsSync(path)) chmodSync(path, PRIVATE_FILE_MODE);
  }
}

/**
 * Create a SQLite file owner-only before SQLite opens it: SQLite gives the -wal and -shm files the
 * database file's mode, so they are born 0600 too.
 */
export function createPrivateFile(file: string): void {
  closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  chmodSync(file, PRIVATE_FILE_MODE);
}
