// The data directory is the owner's alone: 0700, and the database (with its -wal and -shm), the
// secrets and the keys 0600, whether the hub creates them or finds them wider from an earlier install.
import { chmodSync, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli, startTestHub, tempDataDir } from '../src/testing.ts';

const mode = (path: string) => statSync(path).mode & 0o777;
const DB_FILES = ['glassbay.db', 'glassbay.db-wal', 'glassbay.db-shm'];
const SECRETS = ['media-token.key', 'setup-code.txt'];

describe('who may read the data directory', () => {
  it('creates the directory 0700 and the database, its WAL files and the secrets 0600', async () => {
    const dataDir = join(tempDataDir(), 'fresh');
    const hub = await startTestHub({ dataDir });
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const f of [...DB_FILES, ...SECRETS]) {
        expect(existsSync(join(dataDir, f)), f).toBe(true);
        expect(mode(join(dataDir, f)), f).toBe(0o600);
      }
    } finally {
      await hub.stop();
    }
  });

  it('the installer CLI, run first, creates them private too', async () => {
    const dataDir = join(tempDataDir(), 'by-cli');
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    expect(mode(dataDir)).toBe(0o700);
    expect(mode(join(dataDir, 'glassbay.db'))).toBe(0o600);
  });

  it('tightens a directory and files an earlier install left readable by everyone', async () => {
    const dataDir = tempDataDir();
    const first = await startTestHub({ dataDir });
    await first.stop();
    // As an earlier version left them: the directory and every file world-readable.
    mkdirSync(join(dataDir, 'mosquitto'), { recursive: true });
    writeFileSync(join(dataDir, 'mosquitto', 'hub.secret'), 'hub-secret\n', { mode: 0o644 });
    writeFileSync(join(dataDir, 'glassbay.db-wal'), '');
    writeFileSync(join(dataDir, 'glassbay.db-shm'), '');
    const loose = [...DB_FILES, 'media-token.key', 'mosquitto/hub.secret'];
    for (const f of loose) chmodSync(join(dataDir, f), 0o644);
    chmodSync(dataDir, 0o755);

    const hub = await startTestHub({ dataDir });
    try {
      expect(mode(dataDir)).toBe(0o700);
      for (const f of loose) expect(mode(join(dataDir, f)), f).toBe(0o600);
    } finally {
      await hub.stop();
    }
  });
});
