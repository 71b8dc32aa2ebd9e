// Abuse: the lounge board's unlock. The ticket number (A001…) is public: the queue board calls it
// out. It must not open a job's detail nor its bay's video; a secret printed on the ticket and shown
// on the customer's phone does. Wrong tries are limited per job and per source, across restarts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOUNGE_CODE_DIGITS, UNLOCK_LIMITS, videoPaths } from '@glassbay/protocol';
import type { Hub } from '../src/hub.ts';
import { addStaff, signIn, startTestHub, tempDataDir } from '../src/testing.ts';
import { call, checkIn, desk, walkIn } from './queue-helpers.ts';

type Answer = { error?: { code: string }; code?: string; loungeCode?: string };

describe('abuse: lounge unlock', () => {
  let hub: Hub;
  let advisor: string;
  const dataDir = tempDataDir();
  const unlock = (jobId: string, code: string) =>
    call<Answer>(`${hub.httpUrl}/api/lounge/jobs/${jobId}/unlock`, 'POST', { code });
  const video = (jobId: string, code: string) =>
    call<Answer>(`${hub.httpUrl}${videoPaths.jobSession}`, 'POST', { jobId, code });
  const directJob = async (plate: string) => {
    const r = await call<{ job: { id: string }; loungeCode: string }>(
      `${hub.httpUrl}/api/jobs`,
      'POST',
      { plate, services: ['oil-change'] },
      advisor,
    );
    expect(r.status).toBe(200);
    return r.body;
  };
  /** A code of the right shape that is not this one. */
  const wrong = (code: string, i: number) =>
    String((Number(code) + 1 + i) % 10 ** LOUNGE_CODE_DIGITS).padStart(LOUNGE_CODE_DIGITS, '0');

  beforeAll(async () => {
    await addStaff(dataDir, 'li.advisor', 'advisor', 'advisor password 1');
    hub = await startTestHub({ dataDir });
    advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
  });
  afterAll(async () => hub?.stop());

  it('opens a job with the secret on the ticket and the phone, never with its public number', async () => {
    const r = await checkIn(hub.httpUrl, walkIn({ plate: '粤B20202', phone: '13800002020' }));
    expect(r.status).toBe(200);
    const secret = (r.body as unknown as { loungeCode: string }).loungeCode;
    expect(secret).toMatch(new RegExp(`^[0-9]{${LOUNGE_CODE_DIGITS}}$`));
    // The phone view shows the same code while the ticket waits, and once it is a job.
    const queued = await call<{ ticket: Answer }>(`${hub.httpUrl}/api/follow/${r.body.followToken}`, 'GET');
    expect(queued.body.ticket.loungeCode).toBe(secret);

    expect((await desk(hub.httpUrl, advisor, 'desk-1', 'open')).status).toBe(200);
    await desk(hub.httpUrl, advisor, 'desk-1', 'call', { ticketId: r.body.ticket.id });
    const served = await desk(hub.httpUrl, advisor, 'desk-1', 'serve');
    const jobId = served.body.jobId!;
    const followed = await call<{ job: Answer }>(`${hub.httpUrl}/api/follow/${r.body.followToken}`, 'GET');
    expect(followed.body.job.loungeCode).toBe(secret);

    // The number the queue board called out opens nothing.
    const byNumber = await unlock(jobId, r.body.ticket.number);
    expect(byNumber.status).toBe(403);
    expect((await video(jobId, r.body.ticket.number)).status).toBe(403);
    const ok = await unlock(jobId, secret);
    expect(ok.status).toBe(200);
    expect(ok.body.code).toBe(r.body.ticket.number);
  });

  it('limits wrong tries per job and per source, and keeps the count across a restart', async () => {
    const a = await directJob('京A30303');
    for (let i = 0; i < UNLOCK_LIMITS.perJob; i++)
      expect((await unlock(a.job.id, wrong(a.loungeCode, i))).status).toBe(403);
    // Locked now, even for the right code, and through the video door too.
    expect((await unlock(a.job.id, a.loungeCode)).body.error?.code).toBe('UNLOCK_LOCKED');
    expect((await video(a.job.id, a.loungeCode)).body.error?.code).toBe('UNLOCK_LOCKED');

    // A restart forgets nothing.
    await hub.stop();
    hub = await startTestHub({ dataDir });
    advisor = await signIn(hub.httpUrl, 'li.advisor', 'advisor password 1');
    expect((await unlock(a.job.id, a.loungeCode)).body.error?.code).toBe('UNLOCK_LOCKED');

    // Spread over other jobs, one source runs out too: the next job is refused even its right code.
    let left = UNLOCK_LIMITS.perSource - UNLOCK_LIMITS.perJob - 2; // the first test's two wrong tries
    while (left > 0) {
      const j = await directJob(`京A3${String(left).padStart(4, '0')}`);
      const n = Math.min(left, UNLOCK_LIMITS.perJob - 1);
      for (let i = 0; i < n; i++) expect((await unlock(j.job.id, wrong(j.loungeCode, i))).status).toBe(403);
      left -= n;
    }
    const fresh = await directJob('京A39999');
    expect((await unlock(fresh.job.id, fresh.loungeCode)).body.error?.code).toBe('UNLOCK_LOCKED');
  });
});
