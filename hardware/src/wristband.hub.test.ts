// The simulated wristband against a real hub as shipped: the hub's buzz reaches it when a step is cut
// short, a redelivered event is applied once, and a band seven minutes slow that was offline sends
// its backlog when it is back (its online status first) and has it judged by its own clock,
// corrected by the offset the hub measured [GB-3.2]. Each band is issued by a manager to the
// technician whose job is on its bay, as in the shop [GB-3.2.4].
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Hub } from '@glassbay/hub';
import {
  addStaff,
  cli,
  type Provisioned,
  scrapeHeaders,
  signIn,
  startTestHub,
  tempDataDir,
} from '@glassbay/hub/testing';
import { routes, type SopSummary } from '@glassbay/protocol';
import { createHubApi } from './shop/hub-api.ts';
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
  let slow: SimulatedWristband;
  const duplicates = async () => {
    const text = await (await fetch(`${hub.httpUrl}/metrics`, { headers: scrapeHeaders() })).text();
    const line = text.split('\n').find((l) => l.startsWith('glassbay_mqtt_messages_ignored_total{reason="duplicate"}'));
    return line ? Number(line.split(' ').at(-1)) : 0;
  };

  beforeAll(async () => {
    await cli(dataDir, ['bay', 'add', 'bay-1', '--name', 'Bay 1']);
    await cli(dataDir, ['bay', 'add', 'bay-2', '--name', 'Bay 2']);
    await addStaff(dataDir, 'zhao.manager', 'manager', 'manager password 1');
    const a = await cli<Provisioned>(dataDir, ['device', 'add', 'band-01', '--kind', 'wristband']);
    const b = await cli<Provisioned>(dataDir, ['device', 'add', 'band-02', '--kind', 'wristband']);
    // The hub as shipped: a band's clock is trusted within 30 s.
    hub = await startTestHub({ dataDir });
    band = new SimulatedWristband({ url: hub.mqttUrl, deviceId: 'band-01', secret: a.mqtt.password });
    // Seven minutes slow: its online status tells the hub so before it sends anything else.
    slow = new SimulatedWristband({
      url: hub.mqttUrl,
      deviceId: 'band-02',
      secret: b.mqtt.password,
      clockSkewMs: -7 * MIN,
    });
    await Promise.all([band.start(), slow.start()]);

    // li-wei's oil change on bay 1 under the shop's standard (the drain's minimum is 15 minutes) ...
    const api = createHubApi(hub.httpUrl);
    const manager = await signIn(hub.httpUrl, 'zhao.manager', 'manager password 1');
    const jobOn = async (bayId: string, technician: string, bandId: string) => {
      const { job } = await api.call(
        routes.createJob,
        { body: { plate: '粤B12345', services: ['oil-change'], bayId } },
        manager,
      );
      await api.call(routes.updateJob, { params: { jobId: job.id }, body: { technician } }, manager);
      await api.call(routes.issueBand, { params: { bandId }, body: { technician } }, manager);
    };
    await jobOn('bay-1', 'li-wei', 'band-01');
    // ... and, after the drain's minimum was cut to 12 s (so a backlog made while the band was away
    // takes seconds, not minutes, to make), wang-fang's on bay 2.
    const { sops } = await api.call(routes.listSops, {}, manager);
    const oil = sops.find((s: SopSummary) => s.serviceCode === 'oil-change')!.current!;
    const steps = oil.steps.map((st) =>
      st.code === 'oil-drain' ? { ...st, minMinutes: 0.2, standardMinutes: 0.5 } : st,
    );
    await api.call(routes.saveSop, { params: { serviceCode: 'oil-change' }, body: { steps } }, manager);
    await jobOn('bay-2', 'wang-fang', 'band-02');
  });
  afterAll(async () => {
    await Promise.all([band?.stop(), slow?.stop()]);
    await hub?.stop();
  });

  const step = (kind: 'start' | 'end', bay = 'bay-1') => ({ bay, step: 'oil-change/oil-drain', kind });

  it('is buzzed when it ends the drain short, and a redelivered end changes nothing', async () => {
    await band.send(1, step('start'));
    await band.send(2, step('end'));
    const buzz = await until('the buzz', () => band.buzzes[0]);
    expect(buzz).toMatchObject({ buzz: 'long' });
    expect(buzz.reason).toMatch(/^排放旧机油仅0(\.\d)?\/15分钟/);
    await band.resend(2);
    await until('the duplicate counted', async () => ((await duplicates()) === 1 ? true : undefined));
    expect(band.buzzes).toHaveLength(1);
  });

  it(
    'keeps what it makes while offline and, back online, sends it to be judged by its own clock',
    { timeout: 60_000 },
    async () => {
      await slow.goOffline();
      // The drain happened while the band was away: 6 s of its 12 s minimum, by the true clock.
      // Sent more than 10 s after it ended, so the hub knows it for a backlog, not a band sending live
      // with a wrong clock [GB-3.2.3].
      const startedAt = Date.now();
      await new Promise((r) => setTimeout(r, 17_500));
      await slow.send(1, step('start', 'bay-2'), startedAt);
      await slow.send(2, step('end', 'bay-2'), startedAt + 6_000);
      expect(slow.pending).toBe(2);
      await slow.comeOnline();
      // Judged by the band's clock corrected by its measured offset: 0.1 minute, not the nothing the
      // backlog took to arrive in, nor 7 minutes off.
      const buzz = await until('the backlog judged', () => slow.buzzes[0]);
      expect(buzz.reason).toContain('0.1/0.2');
      // Dropped only on the hub's receipt that both are stored [GB-3.5].
      await until('the receipt', () => (slow.pending === 0 ? true : undefined));
    },
  );
});
