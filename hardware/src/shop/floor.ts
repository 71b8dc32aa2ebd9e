// The workshop floor: one technician per bay takes the next job waiting for a bay, the advisor
// assigns it, the car drives on (the bay's sensor sees it: the hub starts the service), the
// technician's wristband marks every step of the job's standards, an extra item found on the way
// waits for the customer's answer, then quality check, the wash, release (the manager checks the
// job's alerts first when the hub refuses it) and, a little later, the handover at the desk, where
// the hub cuts the repair clip and the customer rates the visit.
import { routes, type JobStage } from '@glassbay/protocol';
import type { BaySensor } from '../bay-sensor.ts';
import type { Rng } from '../rng.ts';
import { emptyBay, type BayPhysical } from '../workshop-day.ts';
import { planVisitSteps, type BandAction, type CrewMember } from '../wristband-plan.ts';
import type { Procedure } from '../wristband-procedures.ts';
import type { SimulatedWristband } from '../wristband.ts';
import type { ShopClock } from './clock.ts';
import { answerApprovals, rateVisit, type Customer } from './customers.ts';
import { HubRefused, type HubApi, type StaffMember } from './hub-api.ts';
import { clearForRelease, closeJob } from './manager.ts';

const SEC = 1000;
const MIN = 60 * SEC;

/** A job handed to the workshop by the desk that served its ticket. */
export interface WorkOrder {
  jobId: string;
  code: string;
  services: string[];
  /** The demo's own customer (null for a ticket someone took at the kiosk by hand). */
  customer: Customer | null;
  advisor: StaffMember;
}

/** Extra work a technician finds, by service; the advisor asks the customer before doing it. */
const EXTRAS: Record<string, readonly [string, number][]> = {
  'brake-pads': [
    ['前刹车盘磨损超限，建议更换 / front discs below minimum: replace', 68_000],
    ['刹车油含水量高，建议更换 / brake fluid wet: replace', 28_000],
  ],
  inspection: [
    ['雨刮片老化 / wiper blades worn', 12_000],
    ['蓄电池电量弱 / battery weak: replace', 58_000],
  ],
  'oil-change': [
    ['空气滤芯脏污 / air filter dirty: replace', 9_000],
    ['空调滤芯更换 / cabin filter: replace', 12_000],
  ],
  'tyre-rotation': [['左前轮胎鼓包 / bulge on the front-left tyre: replace', 65_000]],
  'ac-service': [['冷凝器清洗 / condenser clean', 18_000]],
};

const stepCode = (a: BandAction) => (a.kind === 'step' ? a.event.step.split('/').pop() : undefined);

export interface BayWorker {
  clock: ShopClock;
  rng: Rng;
  api: HubApi;
  bay: { bayId: string; name: string };
  sensor: BaySensor;
  band: SimulatedWristband;
  member: CrewMember;
  manager: StaffMember;
  /** The shop's standards by service code, in real minutes: the steps the technician works through. */
  procedures: Readonly<Record<string, Procedure>>;
  /** The next job for a bay, oldest first; null once the shop is closing. */
  next(): Promise<WorkOrder | null>;
  /** The job was delivered (or given up on): the shop's count of cars goes down. */
  done(order: WorkOrder): void;
  log(line: string): void;
}

export async function runBay(w: BayWorker): Promise<void> {
  const { clock, rng, member } = w;
  let n = 1;
  let bay: BayPhysical = emptyBay();
  const physical = async (change: Partial<BayPhysical>) => {
    bay = { ...bay, ...change };
    await w.sensor.report(bay);
  };
  const wait = (lo: number, hi: number) => clock.wait(rng.between(lo, hi));

  async function workOn(order: WorkOrder): Promise<void> {
    const say = (what: string) => w.log(`${w.bay.name.padEnd(14)} ${order.code.padEnd(5)} ${what}`);
    const move = (to: JobStage) =>
      order.advisor.call(routes.moveJob, { params: { jobId: order.jobId }, body: { to } }).catch((err: unknown) => {
        // A move the hub applied though its answer was lost (the retry finds it done).
        if (err instanceof HubRefused && err.code === 'STAGE_UNCHANGED') return null;
        throw err;
      });
    await order.advisor.call(routes.updateJob, {
      params: { jobId: order.jobId },
      body: { bayId: w.bay.bayId, technician: member.tech },
    });
    if (order.services.some((s) => s === 'brake-pads' || s === 'inspection') || rng.chance(0.25)) {
      await move('inspection');
      say(`inspection by ${member.tech}`);
      await wait(2 * MIN, 4 * MIN);
    }
    await physical({ door: 'open' });
    await wait(20 * SEC, 40 * SEC);
    await physical({ occupied: true }); // the hub moves the job into service
    say(`car on the bay · in service (${order.services.join(' + ')})`);
    await wait(20 * SEC, 40 * SEC);
    await physical({ door: 'closed' });

    // The technician's steps, service after service, each as the band reports it.
    const actions: BandAction[] = [];
    for (const service of order.services) {
      const at = actions.at(-1)?.at ?? 0;
      const plan = planVisitSteps({ service, bayId: w.bay.bayId }, at, member, rng, n, w.procedures);
      n = plan.nextN;
      actions.push(...plan.actions);
    }
    const starts = actions.flatMap((a, i) => (a.kind === 'step' && a.event.kind === 'start' ? [i] : []));
    const extras = order.services.flatMap((s) => EXTRAS[s] ?? []);
    const asksAt =
      order.customer && extras.length > 0 && rng.chance(0.4) ? starts[Math.floor(starts.length / 3)] : undefined;
    let t = 0;
    let lift: Promise<void> | null = null;
    for (const [i, a] of actions.entries()) {
      if (i === asksAt) await askApproval(order, rng.pick(extras), say);
      if (!(await clock.wait(a.at - t))) return;
      t = a.at;
      if (a.kind === 'step') await w.band.send(a.n, a.event);
      else if (a.kind === 'resend') await w.band.resend(a.n);
      else if (a.kind === 'offline') await w.band.goOffline();
      else await w.band.comeOnline();
      const code = stepCode(a);
      if (code === 'lift-secure' && a.kind === 'step' && a.event.kind === 'end' && !lift) lift = raise();
      if (code === 'lower-car' && a.kind === 'step' && a.event.kind === 'start' && lift) lift = lower(lift);
    }
    if (lift) await lower(lift);

    await move('quality-check');
    say('quality check');
    await wait(3 * MIN, 5 * MIN);
    const wash = rng.chance(0.6);
    if (wash) await move('washing');
    await physical({ door: 'open' });
    await wait(20 * SEC, 40 * SEC);
    await physical({ occupied: false });
    await wait(20 * SEC, 40 * SEC);
    await physical({ door: 'closed' });
    if (wash) {
      say('washing');
      await wait(4 * MIN, 7 * MIN);
    }
    if (!(await release(order, move, say))) return w.done(order);
    say('ready for pickup');
    void handOver(order, move, say);
  }

  async function raise(): Promise<void> {
    await physical({ lift: 'moving' });
    await wait(60 * SEC, 100 * SEC);
    await physical({ lift: 'up' });
  }
  async function lower(raised: Promise<void>): Promise<void> {
    await raised;
    if (bay.lift === 'down') return;
    await physical({ lift: 'moving' });
    await wait(60 * SEC, 100 * SEC);
    await physical({ lift: 'down' });
  }

  async function askApproval(
    order: WorkOrder,
    [description, priceCents]: readonly [string, number],
    say: (s: string) => void,
  ) {
    await order.advisor.call(routes.requestApproval, {
      params: { jobId: order.jobId },
      body: { description, priceCents },
    });
    say(`asks the customer: ${description.split(' / ').pop()} (¥${priceCents / 100})`);
    const answers = await answerApprovals(w.api, clock, rng, order.customer!);
    say(`customer ${answers.join(', ') || 'did not answer'} on the phone`);
    if (answers.includes('approved')) await wait(4 * MIN, 8 * MIN);
  }

  /** Ready, once the hub agrees: a refusal sends the manager to check the job's alerts first. */
  async function release(order: WorkOrder, move: (to: JobStage) => Promise<unknown>, say: (s: string) => void) {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await move('ready');
        return true;
      } catch (err) {
        if (!(err instanceof HubRefused) || err.status !== 409) throw err;
        say(`release refused (${err.code}): ${w.manager.name} goes to check`);
        const cleared = await clearForRelease(w.manager, clock, rng, order.jobId);
        if (cleared.length > 0) say(`${w.manager.name} resolved ${cleared.map((a) => a.kind).join(', ')}`);
      }
    }
    say('still refused release: left for a person to look at');
    return false;
  }

  async function handOver(order: WorkOrder, move: (to: JobStage) => Promise<unknown>, say: (s: string) => void) {
    try {
      if (!(await wait(3 * MIN, 8 * MIN))) return;
      await move('delivered');
      say('handed over · delivered');
      if (order.customer && (await wait(0.5 * MIN, 2 * MIN))) {
        const stars = await rateVisit(w.api, rng, order.customer);
        if (stars) say(`rated ${'★'.repeat(stars)}`);
      }
    } catch (err) {
      say(`handover failed: ${(err as Error).message}`);
    } finally {
      w.done(order);
    }
  }

  while (!clock.stopped) {
    const order = await w.next();
    if (!order) return;
    try {
      await workOn(order);
    } catch (err) {
      if (clock.stopped) return;
      w.log(`${w.bay.name.padEnd(14)} ${order.code.padEnd(5)} work stopped: ${(err as Error).message}`);
      // The manager closes the job, so the lounge does not keep a car nobody works on.
      const job = await order.advisor.call(routes.getJob, { params: { jobId: order.jobId } }).catch(() => null);
      if (job) await closeJob(w.manager, job.id, job.stage, 'demo: work stopped').catch(() => false);
      w.done(order);
      // Whatever happened, the bay is cleared for the next car.
      await physical(emptyBay()).catch(() => {});
    }
  }
}
