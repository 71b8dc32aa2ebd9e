import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureDemoFleet, type DemoProvisioner } from './fleet.ts';

/** A hub's device list in memory: secrets are issued once and only their "hash" is kept. */
function memoryHub() {
  const bays = new Map<string, { name: string; position: number }>();
  const devices = new Map<string, { bayId: string; secret: string }>();
  let issued = 0;
  const hub: DemoProvisioner & { bays: typeof bays; devices: typeof devices } = {
    bays,
    devices,
    hasBay: (id) => bays.has(id),
    addBay: (id, name, position) => void bays.set(id, { name, position }),
    hasDevice: (id) => devices.has(id),
    secretMatches: async (id, secret) => devices.get(id)?.secret === secret,
    addSensor: (id, bayId) => {
      if (devices.has(id)) throw new Error(`device ${id} exists`);
      const secret = `secret-${++issued}`;
      devices.set(id, { bayId, secret });
      return secret;
    },
    removeDevice: (id) => void devices.delete(id),
  };
  return hub;
}

const tempFile = () => join(mkdtempSync(join(tmpdir(), 'glassbay-fleet-')), 'demo-devices.json');

describe('ensureDemoFleet', () => {
  it('creates the bays and one sensor per bay, and keeps their secrets readable by the owner only', async () => {
    const hub = memoryHub();
    const file = tempFile();
    const { bays, changed } = await ensureDemoFleet(hub, { bays: 8, secretsFile: file });
    expect(changed).toBe(true);
    expect([...hub.bays.keys()]).toEqual(['bay-1', 'bay-2', 'bay-3', 'bay-4', 'bay-5', 'bay-6', 'bay-7', 'bay-8']);
    expect(hub.bays.get('bay-3')).toEqual({ name: '3号工位 Bay 3', position: 3 });
    expect(bays[2]).toMatchObject({ bayId: 'bay-3', sensorId: 'bay-3-sensor' });
    expect(hub.devices.get('bay-3-sensor')).toEqual({ bayId: 'bay-3', secret: bays[2]!.secret });
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(file, 'utf8')).secrets['bay-8-sensor']).toBe(bays[7]!.secret);
  });

  it('reuses what exists on the next run', async () => {
    const hub = memoryHub();
    const file = tempFile();
    const first = await ensureDemoFleet(hub, { bays: 4, secretsFile: file });
    const again = await ensureDemoFleet(hub, { bays: 4, secretsFile: file });
    expect(again.changed).toBe(false);
    expect(again.bays).toEqual(first.bays);
  });

  it('provisions a sensor again when its secret is lost or no longer opens it', async () => {
    const hub = memoryHub();
    const file = tempFile();
    const first = await ensureDemoFleet(hub, { bays: 2, secretsFile: file });
    // Someone re-provisioned bay-2's sensor by hand: the old secret is dead.
    await hub.removeDevice('bay-2-sensor');
    await hub.addSensor('bay-2-sensor', 'bay-2');
    const again = await ensureDemoFleet(hub, { bays: 2, secretsFile: file });
    expect(again.changed).toBe(true);
    expect(again.bays[0]!.secret).toBe(first.bays[0]!.secret);
    expect(await hub.secretMatches('bay-2-sensor', again.bays[1]!.secret)).toBe(true);

    writeFileSync(file, '{ not json');
    const fresh = await ensureDemoFleet(hub, { bays: 2, secretsFile: file });
    for (const b of fresh.bays) expect(await hub.secretMatches(b.sensorId, b.secret)).toBe(true);
  });
});
