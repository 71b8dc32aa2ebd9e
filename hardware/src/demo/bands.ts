// The demo workshop's technicians and their wristbands: one band per bay, provisioned on the hub
// if missing (secrets kept beside the sensors' in demo-devices.json, see fleet.ts), played through
// every car's service at the workshop's speed. Among them a technician who cuts the oil drain short,
// a band whose events are delivered twice, a band whose clock is seven minutes slow and a band that
// drops off the Wi-Fi mid-service and sends its backlog when it is back: the demo shows the hub
// coping with each, and the short drain's alert and buzz.
import { driveInRealTime } from '../realtime.ts';
import { clockLabel } from '../workshop-day.ts';
import { SimulatedWristband } from '../wristband.ts';
import type { BandHabit, CrewMember } from '../wristband-plan.ts';
import { createBandRunner, type BandRunner } from '../wristband-runner.ts';
import { readSecrets, writeSecrets, type DemoBay, type DemoProvisioner } from './fleet.ts';

const MIN = 60_000;

const TECHS = ['li-wei', 'wang-fang', 'zhang-qiang', 'liu-yang', 'chen-jie', 'yang-lei', 'zhao-min', 'huang-tao'];
/** Who does what, by bay position: the second bay's technician is the one in a hurry. */
const HABITS: Record<number, BandHabit> = { 2: 'cuts-drain-short', 4: 'double-sends', 6: 'drops-offline' };
const SKEWED_BAY = 5;

export interface DemoBand extends CrewMember {
  secret: string;
}

export type DemoBandProvisioner = Pick<DemoProvisioner, 'hasDevice' | 'secretMatches' | 'removeDevice'> & {
  /** Provision a wristband and return its secret. */
  addWristband(id: string): string;
};

/** One technician and band per demo bay (band-01 on bay-1 …), provisioned if missing. */
export async function ensureDemoBands(
  hub: DemoBandProvisioner,
  opts: { bays: readonly DemoBay[]; secretsFile: string },
): Promise<{ bands: DemoBand[]; changed: boolean }> {
  const secrets = readSecrets(opts.secretsFile);
  let changed = false;
  const bands: DemoBand[] = [];
  for (const [i, bay] of opts.bays.entries()) {
    const n = i + 1;
    const bandId = `band-${String(n).padStart(2, '0')}`;
    const known = secrets[bandId];
    if (!(known !== undefined && hub.hasDevice(bandId) && (await hub.secretMatches(bandId, known)))) {
      if (hub.hasDevice(bandId)) hub.removeDevice(bandId);
      secrets[bandId] = hub.addWristband(bandId);
      changed = true;
    }
    bands.push({
      bandId,
      tech: TECHS[i % TECHS.length]!,
      bayId: bay.bayId,
      habit: HABITS[n] ?? 'by-the-book',
      clockSkewMs: n === SKEWED_BAY ? -7 * MIN : 0,
      secret: secrets[bandId]!,
    });
  }
  if (changed) writeSecrets(opts.secretsFile, secrets);
  return { bands, changed };
}

export interface DemoCrew {
  runner: BandRunner;
  failed: Promise<Error>;
  stop(): Promise<void>;
}

/**
 * Connect the bands and play them at the workshop's speed from simulated time `startAt`. Their
 * clocks keep simulated time (so a 15-minute drain takes 15 minutes by their timestamps while the
 * demo shows it in seconds); the hub must trust them (the demo sets a wide clock tolerance).
 */
export async function startDemoCrew(opts: {
  mqttUrl: string;
  bands: readonly DemoBand[];
  bayNames: ReadonlyMap<string, string>;
  seed: number;
  speed: number;
  startAt: number;
  log: (line: string) => void;
}): Promise<DemoCrew> {
  const realStart = Date.now();
  const epochAt = (simTime: number) => realStart + (simTime - opts.startAt);
  let simNow = () => opts.startAt;
  const bands = Object.fromEntries(
    opts.bands.map((b) => [
      b.bandId,
      new SimulatedWristband({
        url: opts.mqttUrl,
        deviceId: b.bandId,
        secret: b.secret,
        clockSkewMs: b.clockSkewMs,
        trueNow: () => epochAt(simNow()),
        onBuzz: (n) =>
          opts.log(
            `${clockLabel(simNow())}  ${(opts.bayNames.get(b.bayId) ?? b.bayId).padEnd(14)} ${b.bandId} (${b.tech}) buzzed: ${n.reason}`,
          ),
      }),
    ]),
  );
  const stopBands = () => Promise.all(Object.values(bands).map((b) => b.stop().catch(() => {})));
  try {
    await Promise.all(Object.values(bands).map((b) => b.start()));
  } catch (err) {
    await stopBands();
    throw err;
  }
  const runner = createBandRunner({ crew: opts.bands, seed: opts.seed, ports: bands, epochAt, startAt: opts.startAt });
  const driver = driveInRealTime(runner, { speed: opts.speed, startAt: opts.startAt });
  simNow = driver.simNow;
  return {
    runner,
    failed: driver.failed,
    async stop() {
      await driver.stop();
      await stopBands();
    },
  };
}
