// The paired screen's identity and credential on disk, in the app's userData folder. Written to a
// temporary file and renamed so a power cut mid-write leaves the old file or the new one, never half;
// readable by the kiosk's own user only.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PinnedHubSchema, ScreenIdentitySchema } from '@glassbay/protocol';
import type { Log } from './log.ts';
import type { PairedScreen } from './pairing.ts';

export const PAIRING_FILE_NAME = 'screen.json';

const PairedScreenSchema = z.object({
  screen: ScreenIdentitySchema,
  credential: z.string().min(16),
  pairedAt: z.number(),
  hub: PinnedHubSchema.optional(),
});

export interface PairingStore {
  load(): PairedScreen | null;
  save(paired: PairedScreen): void;
  clear(): void;
}

export function filePairingStore(userDataDir: string, log: Log): PairingStore {
  const file = join(userDataDir, PAIRING_FILE_NAME);
  return {
    load() {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch {
        return null;
      }
      try {
        return PairedScreenSchema.parse(JSON.parse(text));
      } catch (err) {
        // A damaged file means pairing again, not a kiosk that cannot start.
        log.warn('ignoring an unreadable pairing file; the screen will show a new code', {
          file,
          error: (err as Error).message,
        });
        return null;
      }
    },
    save(paired) {
      mkdirSync(dirname(file), { recursive: true });
      const tmp = `${file}.tmp`;
      writeFileSync(tmp, JSON.stringify(paired, null, 2), { mode: 0o600 });
      renameSync(tmp, file);
    },
    clear() {
      rmSync(file, { force: true });
    },
  };
}
