// The demo workshop's bays and sensors: created on the hub if missing, with the sensors' secrets
// kept in <dataDir>/demo-devices.json so the simulated sensors can log in on the next run too.
//
// Why a file of plain secrets is acceptable here and nowhere else: a real device's secret lives only
// on the device and the hub keeps a hash (GB-2.2). The demo's "devices" are simulations inside the
// demo process on the hub's own machine, and the file sits (mode 0600) beside the database that
// already holds everything they could reach. Never point a real installation at this file.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

/** A value now, or once the hub has answered (the demo provisions through the CLI, a test in memory). */
export type Answer<T> = T | Promise<T>;

/** What the demo needs from the hub to set itself up; scripts/demo.ts builds it on the installer's CLI. */
export interface DemoProvisioner {
  hasBay(id: string): Answer<boolean>;
  addBay(id: string, name: string, position: number): Answer<void>;
  hasDevice(id: string): Answer<boolean>;
  /** Does this secret still open the device? (False after someone re-provisioned it.) */
  secretMatches(id: string, secret: string): Promise<boolean>;
  /** Provision a bay sensor and return its secret, which the hub does not keep. */
  addSensor(id: string, bayId: string): Answer<string>;
  removeDevice(id: string): Answer<void>;
}

export interface DemoBay {
  bayId: string;
  name: string;
  sensorId: string;
  secret: string;
}

const SecretsFile = z.object({ version: z.literal(1), secrets: z.record(z.string(), z.string()) });

export const demoBayName = (n: number) => `${n}号工位 Bay ${n}`;

export function readSecrets(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    json = null;
  }
  // A damaged file only costs new secrets: the sensors are provisioned again below.
  const parsed = SecretsFile.safeParse(json);
  return parsed.success ? parsed.data.secrets : {};
}

export function writeSecrets(file: string, secrets: Record<string, string>): void {
  const text = JSON.stringify({ version: 1, secrets }, null, 2) + '\n';
  writeFileSync(`${file}.tmp`, text, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
  chmodSync(file, 0o600);
}

/**
 * Make sure bays bay-1..bay-N and one sensor per bay exist and that their secrets are known.
 * Existing bays and sensors are kept (with their history); a sensor whose secret was lost is
 * provisioned again. `changed` says whether any device was added (an external broker must reload).
 */
export async function ensureDemoFleet(
  hub: DemoProvisioner,
  opts: { bays: number; secretsFile: string },
): Promise<{ bays: DemoBay[]; changed: boolean }> {
  const secrets = readSecrets(opts.secretsFile);
  let changed = false;
  // Bays one after another would cost a CLI start each in turn: they are set up side by side.
  const bays = await Promise.all(
    Array.from({ length: opts.bays }, async (_, i): Promise<DemoBay> => {
      const n = i + 1;
      const bayId = `bay-${n}`;
      const sensorId = `${bayId}-sensor`;
      if (!(await hub.hasBay(bayId))) await hub.addBay(bayId, demoBayName(n), n);
      const known = secrets[sensorId];
      const exists = await hub.hasDevice(sensorId);
      if (!(known !== undefined && exists && (await hub.secretMatches(sensorId, known)))) {
        if (exists) await hub.removeDevice(sensorId);
        secrets[sensorId] = await hub.addSensor(sensorId, bayId);
        changed = true;
      }
      return { bayId, name: demoBayName(n), sensorId, secret: secrets[sensorId]! };
    }),
  );
  if (changed || !existsSync(opts.secretsFile)) writeSecrets(opts.secretsFile, secrets);
  return { bays, changed };
}
