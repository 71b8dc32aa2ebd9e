// Helpers for the jobs end-to-end tests: staff sessions through the real API (the first admin with the
// hub's one-time setup code, then an advisor), jobs and check-ins as the desk and the kiosk make them,
// and a page instrumented to count the notes the lounge board's chime plays.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { APIRequestContext, Browser, BrowserContext, Page } from '@playwright/test';
import {
  deskPath,
  jobPaths,
  queuePaths,
  staffPaths,
  wristbandRoutes,
  type AlertView,
  type JobView,
} from '@glassbay/protocol';
import type { HubFixture } from './fixtures.ts';

const fillPath = (path: string, params: Record<string, string>) =>
  path.replace(/:(\w+)/g, (_, k: string) => encodeURIComponent(params[k] ?? `:${k}`));

export const ADMIN = { username: 'wang.admin', displayName: '王经理', password: 'admin password 1' };
export const ADVISOR = { username: 'li.advisor', displayName: '李顾问', password: 'advisor password 1' };

export const setupCode = (hub: HubFixture) => readFileSync(join(hub.process.dataDir, 'setup-code.txt'), 'utf8').trim();

async function ok<T>(res: Awaited<ReturnType<APIRequestContext['get']>>): Promise<T> {
  if (!res.ok()) throw new Error(`${res.url()}: ${res.status()} ${await res.text()}`);
  return (await res.json()) as T;
}

/** A staff member's API session: the first admin (setup code), who also adds the advisor. */
export async function adminApi(request: APIRequestContext, hub: HubFixture): Promise<StaffApi> {
  await ok(await request.post(hub.url(staffPaths.setup), { data: { ...ADMIN, setupCode: setupCode(hub) } }));
  await ok(await request.post(hub.url(staffPaths.users), { data: { ...ADVISOR, role: 'advisor' } }));
  return new StaffApi(request, hub);
}

export class StaffApi {
  constructor(
    readonly request: APIRequestContext,
    readonly hub: HubFixture,
  ) {}
  get<T>(path: string, params: Record<string, string> = {}) {
    return this.request.get(this.hub.url(fillPath(path, params))).then((r) => ok<T>(r));
  }
  send<T>(method: 'post' | 'patch', path: string, params: Record<string, string>, data?: unknown) {
    return this.request[method](this.hub.url(fillPath(path, params)), data === undefined ? {} : { data }).then((r) =>
      ok<T>(r),
    );
  }
  createJob(body: Record<string, unknown>) {
    return this.send<{ job: JobView; followPath: string; loungeCode: string }>('post', jobPaths.jobs, {}, body);
  }
  move(jobId: string, to: string) {
    return this.send<JobView>('post', jobPaths.stage, { jobId }, { to });
  }
  /**
   * The release rules hold a job whose standard's steps no band recorded (these shops have no
   * wristbands): the manager (this admin) decides each live alert of the job with a reason, on record.
   */
  async decideAlerts(jobId: string) {
    const { alerts } = await this.get<{ alerts: AlertView[] }>(wristbandRoutes.listAlerts.path);
    for (const a of alerts.filter((x) => x.jobId === jobId && x.blocksRelease))
      await this.send(
        'post',
        wristbandRoutes.overrideAlert.path,
        { alertId: a.id },
        { note: 'no wristbands here yet' },
      );
  }
  /** The manager issues a band to a technician for the shift: its steps count for them only [GB-3.2.4]. */
  issueBand(bandId: string, technician: string) {
    return this.send('post', wristbandRoutes.issueBand.path, { bandId }, { technician });
  }
  update(jobId: string, body: Record<string, unknown>) {
    return this.send<JobView>('patch', jobPaths.job, { jobId }, body);
  }
  desk(deskId: string, action: 'open' | 'call-next' | 'serve') {
    return this.send<{ ticket: { number: string } | null }>('post', deskPath(action), { deskId }, {});
  }
  async jobByCode(code: string): Promise<JobView> {
    const { jobs } = await this.get<{ jobs: JobView[] }>(jobPaths.jobs);
    const job = jobs.find((j) => j.code === code);
    if (!job) throw new Error(`no job ${code}`);
    return job;
  }
}

let walkIns = 0;

/** A walk-in at the kiosk, through the kiosk's own API; returns the ticket number and follow token. */
export async function walkIn(request: APIRequestContext, hub: HubFixture, plate: string, services: string[]) {
  const res = await request.post(hub.url(queuePaths.checkIn), {
    data: {
      // Unique per walk-in: two in the same millisecond are two people, not one double tap.
      attemptId: `e2e-${plate.length}-${Date.now()}-${++walkIns}-attempt`,
      lang: 'zh-CN',
      identity: { by: 'plate', plate: { mode: 'cn', text: plate }, phone: '13800138000' },
      mileageKm: 42_000,
      categories: [],
      services,
    },
  });
  return ok<{ ticket: { number: string }; followToken: string }>(res);
}

/** Count every note the page's Web Audio plays (the chime is synthesised, not a file). */
export async function countNotes(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const w = window as unknown as { __notes: number };
    w.__notes = 0;
    const start = OscillatorNode.prototype.start;
    OscillatorNode.prototype.start = function (this: OscillatorNode, ...args: [number?]) {
      w.__notes += 1;
      return start.apply(this, args);
    };
  });
}
export const notesPlayed = (page: Page) => page.evaluate(() => (window as unknown as { __notes: number }).__notes);

/** A phone: 390×844, touch, its own cookies (a customer is nobody's staff session). */
export const phoneContext = (browser: Browser): Promise<BrowserContext> =>
  browser.newContext({
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
  });
