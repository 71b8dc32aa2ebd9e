// The workshop manager, through the console's routes: sets the shop's standards to the demo's time
// scale, clears a job for release by checking its wristband alerts, and at the start of a run closes
// the jobs an earlier run left open (nobody is working on them any more).
import { activeStages, routes, type AlertView, type JobStage, type SopStep } from '@glassbay/protocol';
import type { Rng } from '../rng.ts';
import type { Procedure } from '../wristband-procedures.ts';
import type { ShopClock } from './clock.ts';
import { HubRefused, type StaffMember } from './hub-api.ts';

const MIN = 60_000;
const DEMO_NOTE = 'demo at';

/** What the manager writes when closing an alert after looking at the car. */
const FINDINGS: Record<AlertView['kind'], string> = {
  'short-operation': '复查完成，已重新操作 / checked the car: the step was done again in full',
  overrun: '零件到货慢，已告知客户 / part arrived late; customer told',
  'step-missed': '已核对工单，步骤已补记 / checked with the technician: steps done, band not pressed',
  'step-unfinished': '步骤已完成，手环未结束 / step finished, the band was not stopped',
};

/** A standard's steps with every time divided by the demo's speed (to 1/10 000 of a minute). */
export const scaled = (steps: readonly SopStep[], speed: number): SopStep[] =>
  steps.map((s) => ({
    ...s,
    minMinutes: Math.round((s.minMinutes / speed) * 1e4) / 1e4,
    standardMinutes: Math.max(1e-4, Math.round((s.standardMinutes / speed) * 1e4) / 1e4),
  }));
const same = (a: readonly SopStep[], b: readonly SopStep[]) =>
  a.length === b.length &&
  a.every(
    (s, i) =>
      s.code === b[i]!.code &&
      Math.abs(s.minMinutes - b[i]!.minMinutes) < 1e-4 &&
      Math.abs(s.standardMinutes - b[i]!.standardMinutes) < 1e-4,
  );

/**
 * The shop's standards compressed by the demo's speed, as new versions (jobs opened from now on are
 * judged by them). A wristband's times are the hub's real times; only durations are compressed, so
 * the standards must be too, or every step would be short. The shop's own version stays in the
 * history; the demo's versions say so in their note.
 */
export async function scaleStandards(
  manager: StaffMember,
  speed: number,
): Promise<{ saved: number; procedures: Record<string, Procedure> }> {
  const { sops } = await manager.call(routes.listSops);
  let saved = 0;
  // What the technicians work to: the shop's own standard, in real minutes (their bands' plan).
  const procedures: Record<string, Procedure> = {};
  for (const sop of sops) {
    if (!sop.current) continue;
    const own = sop.versions.filter((v) => !(v.note ?? '').startsWith(DEMO_NOTE)).at(-1);
    if (!own) continue;
    const base = await manager.call(routes.getSopVersion, {
      params: { serviceCode: sop.serviceCode, version: own.version },
    });
    procedures[sop.serviceCode] = {
      serviceCode: sop.serviceCode,
      steps: base.steps.map((st) => ({ code: st.code, min: st.minMinutes, standard: st.standardMinutes })),
    };
    const want = speed === 1 ? base.steps : scaled(base.steps, speed);
    if (same(sop.current.steps, want)) continue;
    await manager.call(routes.saveSop, {
      params: { serviceCode: sop.serviceCode },
      body: {
        steps: want,
        note: `${DEMO_NOTE} ${speed}x: version ${own.version} with every time divided by ${speed}`,
      },
    });
    saved += 1;
  }
  return { saved, procedures };
}

/** The manager looks at the car and closes the job's open alerts with what was found. */
export async function clearForRelease(
  manager: StaffMember,
  clock: ShopClock,
  rng: Rng,
  jobId: string,
): Promise<AlertView[]> {
  if (!(await clock.wait(rng.between(2, 4) * MIN))) return [];
  const { alerts } = await manager.call(routes.listAlerts, { query: { state: 'open' } });
  const mine = alerts.filter((a) => a.jobId === jobId && (a.state === 'open' || a.state === 'acknowledged'));
  for (const a of mine)
    await manager.call(routes.resolveAlert, { params: { alertId: a.id }, body: { note: FINDINGS[a.kind] } });
  return mine;
}

/** The way out of each stage for a job nobody is working on: cancel it, or finish it. */
const closeOut: Partial<Record<JobStage, JobStage>> = {
  'checked-in': 'cancelled',
  waiting: 'cancelled',
  inspection: 'cancelled',
  'awaiting-approval': 'cancelled',
  // Back to waiting, then cancelled: through quality check it would be judged for steps never done.
  'in-service': 'waiting',
  'quality-check': 'ready',
  washing: 'ready',
  ready: 'delivered',
};

/**
 * Close what an earlier run of the demo left open (its cars are gone with it): the alerts first,
 * then every active job, so the boards and the console show only this run's shop.
 */
export async function closeLeftovers(manager: StaffMember): Promise<{ jobs: number; alerts: number }> {
  const note = 'demo restarted: the car left with the previous run';
  const { alerts } = await manager.call(routes.listAlerts, { query: { state: 'open', days: 90 } });
  for (const a of alerts) await manager.call(routes.resolveAlert, { params: { alertId: a.id }, body: { note } });
  const { jobs } = await manager.call(routes.listJobs);
  const open = jobs.filter((j) => (activeStages as readonly JobStage[]).includes(j.stage));
  for (const job of open) await closeJob(manager, job.id, job.stage, 'demo restarted');
  return { jobs: open.length, alerts: alerts.length };
}

/** Walk a job nobody works on any more to its end (cancelled or delivered); false if the hub refused. */
export async function closeJob(manager: StaffMember, jobId: string, from: JobStage, note: string): Promise<boolean> {
  let stage = from;
  for (let guard = 0; closeOut[stage] && guard < 4; guard++) {
    const moved = await manager
      .call(routes.moveJob, { params: { jobId }, body: { to: closeOut[stage]!, note } })
      .catch((err: unknown) => {
        if (err instanceof HubRefused && err.status === 409) return null;
        throw err;
      });
    if (!moved) return false;
    stage = moved.stage;
  }
  return true;
}
