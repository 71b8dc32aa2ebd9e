// Abuse: wristband attribution [GB-3.2.4]. A band's events used to name their technician and bay,
// and the hub believed them: one leaked band secret raised release-blocking alerts on every bay and
// skewed every technician's figures. Now a band counts only for the technician a manager issued it
// to, for a shift, and only on bays where that technician's job runs; anything else is refused,
// counted and dead-lettered, and never becomes a step.
import { topics, type AlertView, type JobView } from '@glassbay/protocol';
import type { MqttClient } from 'mqtt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectDevice, metricsText, metricValue, provision, sleep } from './helpers.ts';
import { openShop, type Shop } from './jobs-helpers.ts';

const MIN = 60_000;
const WEEK_S = 7 * 24 * 3600;

describe('abuse: wristband attribution', () => {
  let shop: Shop;
  const bands: Record<string, MqttClient> = {};
  let seq = 0;
  /** The bands' clock, trusted (a wide tolerance), so a drain cut short takes no real minutes. */
  let simNow = Date.now();

  beforeAll(async () => {
    shop = await openShop({
      bays: ['bay-1', 'bay-2'],
      env: { GLASSBAY_WRISTBAND_CLOCK_TOLERANCE_S: String(WEEK_S) },
    });
    for (const id of ['band-01', 'band-02', 'band-03']) {
      const { mqtt: creds } = await provision(shop.dataDir, id, 'wristband');
      bands[id] = await connectDevice(shop.hub.mqttUrl, creds);
    }
  });
  afterAll(async () => {
    await Promise.all(Object.values(bands).map((b) => b.endAsync(true)));
    await shop?.stop();
  });

  async function jobFor(bayId: string, technician: string): Promise<string> {
    const created = await shop.api<{ job: JobView }>('POST', '/api/jobs', {
      as: 'advisor',
      body: { plate: '粤B12345', services: ['oil-change'], bayId },
    });
    expect(created.status).toBe(200);
    const id = created.body.job.id;
    expect((await shop.api('PATCH', `/api/jobs/${id}`, { as: 'advisor', body: { technician } })).status).toBe(200);
    for (const to of ['waiting', 'in-service'])
      expect((await shop.api('POST', `/api/jobs/${id}/stage`, { as: 'advisor', body: { to } })).status).toBe(200);
    return id;
  }

  const issue = (bandId: string, technician: string) =>
    shop.api('POST', `/api/wristbands/${bandId}/issue`, { as: 'manager', body: { technician } });

  /** A drain cut short (6 of 15 minutes) from a band, claiming whatever the payload says. */
  async function shortDrain(bandId: string, claim: { tech?: string; bay: string }): Promise<void> {
    simNow = Math.max(simNow, Date.now()) + MIN;
    for (const [kind, ts] of [
      ['start', simNow],
      ['end', simNow + 6 * MIN],
    ] as const) {
      const ev = { id: `${bandId}-abuse-${++seq}`, ts, ...claim, step: 'oil-drain', kind };
      await bands[bandId]!.publishAsync(topics.wristbandEvents(bandId), JSON.stringify(ev), { qos: 1 });
    }
    simNow += 6 * MIN;
  }

  const steps = async (jobId: string) =>
    (await shop.api<{ steps: { tech: string }[] }>('GET', `/api/jobs/${jobId}/steps`, { as: 'advisor' })).body.steps;
  const alertsOf = async (jobId: string) =>
    (await shop.api<{ alerts: AlertView[] }>('GET', '/api/alerts', { as: 'manager' })).body.alerts.filter(
      (a) => a.jobId === jobId,
    );
  const refused = async (reason: string) =>
    metricValue(await metricsText(shop.hub.httpUrl), 'glassbay_mqtt_messages_rejected_total', `{reason="${reason}"}`);
  async function deadLetters(reason: string): Promise<number> {
    const { default: Database } = await import('better-sqlite3');
    const db = new Database(`${shop.dataDir}/glassbay.db`, { readonly: true });
    try {
      const row = db.prepare('SELECT COALESCE(SUM(count), 0) AS n FROM dead_letters WHERE reason = ?').get(reason);
      return (row as { n: number }).n;
    } finally {
      db.close();
    }
  }

  it("credits the technician the band was issued to, not the one its events claim, and alerts on that technician's job only", async () => {
    const liJob = await jobFor('bay-1', 'li-wei');
    const wangJob = await jobFor('bay-2', 'wang-fang');
    expect((await issue('band-01', 'li-wei')).status).toBe(200);
    // li-wei's band claims to be wang-fang, working on wang-fang's bay.
    await shortDrain('band-01', { tech: 'wang-fang', bay: 'bay-2' });
    // ... and on li-wei's own bay, still claiming wang-fang.
    await shortDrain('band-01', { tech: 'wang-fang', bay: 'bay-1' });
    expect(await steps(wangJob)).toEqual([]);
    expect(await alertsOf(wangJob)).toEqual([]);
    expect((await steps(liJob)).map((s) => s.tech)).toEqual(['li-wei']);
    const [alert, ...more] = await alertsOf(liJob);
    expect(more).toEqual([]);
    expect(alert).toMatchObject({ kind: 'short-operation', tech: 'li-wei', bandId: 'band-01' });
    expect(await refused('not_technicians_bay')).toBe(2);
  });

  it("refuses a band on a bay without its technician's job, counted and dead-lettered", async () => {
    const job = await jobFor('bay-2', 'zhang-qiang');
    expect((await issue('band-02', 'chen-jie')).status).toBe(200);
    const before = await refused('not_technicians_bay');
    await shortDrain('band-02', { bay: 'bay-2' });
    expect(await refused('not_technicians_bay')).toBe(before + 2);
    expect(await deadLetters('not_technicians_bay')).toBeGreaterThanOrEqual(2);
    expect(await steps(job)).toEqual([]);
    expect(await alertsOf(job)).toEqual([]);
  });

  it('refuses a band that was never issued, or returned, and stores nothing of it', async () => {
    const job = await jobFor('bay-1', 'liu-yang');
    await shortDrain('band-03', { tech: 'liu-yang', bay: 'bay-1' });
    expect(await refused('band_not_issued')).toBe(2);
    // Issued, then given back: refused again from the return on.
    expect((await issue('band-03', 'liu-yang')).status).toBe(200);
    expect((await shop.api('POST', '/api/wristbands/band-03/return', { as: 'manager' })).status).toBe(200);
    await sleep(5);
    await shortDrain('band-03', { bay: 'bay-1' });
    expect(await refused('band_not_issued')).toBe(4);
    expect(await deadLetters('band_not_issued')).toBeGreaterThanOrEqual(2);
    expect(await steps(job)).toEqual([]);
    expect(await alertsOf(job)).toEqual([]);
    const listed = await shop.api<{ bands: { bandId: string; issue: unknown; lastIssue: { tech: string } | null }[] }>(
      'GET',
      '/api/wristbands',
      { as: 'manager' },
    );
    expect(listed.body.bands.find((b) => b.bandId === 'band-03')).toMatchObject({
      issue: null,
      lastIssue: { tech: 'liu-yang' },
    });
  });

  it('lets only a manager issue a band, and only a wristband', async () => {
    const asAdvisor = await shop.api('POST', '/api/wristbands/band-01/issue', {
      as: 'advisor',
      body: { technician: 'li-wei' },
    });
    expect(asAdvisor.status).toBe(403);
    const sensor = await issue('bay-1-sensor', 'li-wei');
    expect(sensor).toMatchObject({ status: 409, body: { error: { code: 'NOT_A_WRISTBAND' } } });
  });
});
