// The demo workshop's technicians and their wristbands: one band per bay, provisioned on the hub if
// missing (secrets kept beside the sensors' in demo-devices.json, see fleet.ts). Among them a
// technician who cuts corners (the oil drain, the A/C vacuum, the brakes' bedding-in), a band whose
// events are delivered twice and a band that drops off the Wi-Fi mid-service and sends its backlog
// when it is back: the demo shows the hub coping with each, and the short steps' alerts and buzzes.
import type { BandHabit, CrewMember } from '../wristband-plan.ts';
import { readSecrets, writeSecrets, type Answer, type DemoBay, type DemoProvisioner } from './fleet.ts';

const TECHS = ['li-wei', 'wang-fang', 'zhang-qiang', 'liu-yang', 'chen-jie', 'yang-lei', 'zhao-min', 'huang-tao'];
/** Who does what, by bay position: the second bay's technician is the one in a hurry. */
const HABITS: Record<number, BandHabit> = { 2: 'cuts-drain-short', 4: 'double-sends', 6: 'drops-offline' };

export interface DemoBand extends CrewMember {
  secret: string;
}

export type DemoBandProvisioner = Pick<DemoProvisioner, 'hasDevice' | 'secretMatches' | 'removeDevice'> & {
  /** Provision a wristband and return its secret. */
  addWristband(id: string): Answer<string>;
};

/**
 * One technician and band per demo bay (band-01 on bay-1 …), provisioned if missing. Every band's
 * clock is right: the hub's clock is the one time of the demo (shop/clock.ts).
 */
export async function ensureDemoBands(
  hub: DemoBandProvisioner,
  opts: { bays: readonly DemoBay[]; secretsFile: string },
): Promise<{ bands: DemoBand[]; changed: boolean }> {
  const secrets = readSecrets(opts.secretsFile);
  let changed = false;
  const bands = await Promise.all(
    opts.bays.map(async (bay, i): Promise<DemoBand> => {
      const n = i + 1;
      const bandId = `band-${String(n).padStart(2, '0')}`;
      const known = secrets[bandId];
      const exists = await hub.hasDevice(bandId);
      if (!(known !== undefined && exists && (await hub.secretMatches(bandId, known)))) {
        if (exists) await hub.removeDevice(bandId);
        secrets[bandId] = await hub.addWristband(bandId);
        changed = true;
      }
      return {
        bandId,
        tech: TECHS[i % TECHS.length]!,
        bayId: bay.bayId,
        habit: HABITS[n] ?? 'by-the-book',
        clockSkewMs: 0,
        secret: secrets[bandId]!,
      };
    }),
  );
  if (changed) writeSecrets(opts.secretsFile, secrets);
  return { bands, changed };
}
