// The simulated wristband against a real hub: the hub's buzz reaches it when a step is cut short, a
// redelivered event is applied once, and events made while it was offline are sent when it is back
// (its online status first) and judged by its own clock [GB-3.2].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Hub } from '../../apps/hub/src/hub.ts';
import { cli, startTestHub, tempDataDir, type Provisioned } from '../../apps/hub/src/testing.ts';
import { SimulatedWristband } from './wristband.ts';

const MIN = 60_000;

async function until<T>(
  what: string,
  probe: () => T | undefined | Promise<T | undefined>,
  timeoutMs = 10_000,
): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('simulated wristband ↔ hub', () => {
  const dataDir = tempDataDir('glassbay-band-');
  let hub: Hub;
  let band: SimulatedWristband;
  const duplicates = async () => {
    const text = await (await fetch(`${hub.httpUrl}/metrics`)).text();
    const line = text.split('\n').find((l) => l.startsWith('glassbay_mqtt_messages_ignored_total{reason="duplicate"}'));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    const p = await cli<Provisioned>(dataDir, ['device', 'add', 'band-01', '--kind', 'wristband']);
    // The band's timestamps run a simulated oil change; its clock is trusted (a wide tolerance).
    hub = await startTestHub({ dataDir, env: { GLASSBAY_WRISTBAND_CLOCK_TOLERANCE_S: String(24 * 3600) } });
    band = new SimulatedWristband({ url: hub.mqttUrl, deviceId: 'band-01', secret: p.mqtt.password });
    await band.start();
  });
  afterAll(async () => {
    await band?.stop();
    await hub?.stop();
  });

  const step = (kind: 'start' | 'end') => ({ tech: 'li-wei', bay: 'bay-1', step: 'oil-change/oil-drain', kind });

  it('is buzzed when it ends the drain short, and a redelivered end changes nothing', async () => {
    const t = Date.now();
    await band.send(1, step('start'), t);
    await band.send(2, step('end'), t + 6 * MIN);
    const buzz = await until('the buzz', () => band.buzzes[0]);
    expect(buzz).toMatchObject({ buzz: 'long', reason: '排放旧机油仅6/15分钟 · 6 of 15 min: check' });
    await band.resend(2);
    await until('the duplicate counted', async () => ((await duplicates()) === 1 ? true : undefined));
    expect(band.buzzes).toHaveLength(1);
  });

  it('keeps what it makes while offline and sends it, oldest first, once it is back', async () => {
    await band.goOffline();
    const t = Date.now() + 20 * MIN;
    await band.send(3, step('start'), t);
    await band.send(4, step('end'), t + 4 * MIN);
    expect(band.pending).toBe(2);
    await band.comeOnline();
    const buzz = await until('the backlog judged', () => band.buzzes[1]);
    expect(buzz.reason).toContain('4/15');
    expect(band.pending).toBe(0);
  });
});
