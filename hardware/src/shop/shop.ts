// The living demo shop: walk-ins at the kiosk, advisors at the desks, a technician with a wristband
// on every bay, the bay sensors, the manager, and the customers' phones, all talking to the hub
// through its public doors (HTTP routes of the protocol, MQTT with each device's own credentials).
// Day after day: a queue at the door when the shop opens, walk-ins through the day (fewer over
// lunch), last intake at 16:30, the day's cars finished, then the next day opens.
import { activeStages, MAX_SHIFT_HOURS, routes, type JobStage } from '@glassbay/protocol';
import { clockLabel } from '../workshop-day.ts';
import { BaySensor } from '../bay-sensor.ts';
import type { DemoBand } from '../demo/bands.ts';
import type { DemoBay } from '../demo/fleet.ts';
import { createRng, deriveSeed } from '../rng.ts';
import { SimulatedWristband } from '../wristband.ts';
import { createShopClock, type ShopClock } from './clock.ts';
import { comeBack, walkIn, type Customer } from './customers.ts';
import { runDesk } from './desks.ts';
import { runBay, type WorkOrder } from './floor.ts';
import { createHubApi, type StaffMember } from './hub-api.ts';
import { closeLeftovers, scaleStandards } from './manager.ts';

const MIN = 60_000;
/** Last walk-in 8 hours after the 08:30 opening. */
const INTAKE = 480 * MIN;

export interface DemoShopOptions {
  hubUrl: string;
  mqttUrl: string;
  bays: readonly DemoBay[];
  /** One band per bay, in bay order (bands.ts). */
  bands: readonly DemoBand[];
  desks: readonly { deskId: string; advisor: StaffMember }[];
  manager: StaffMember;
  /** Simulated seconds per real second. */
  speed: number;
  seed: number;
  /** Customers waiting at the door when the shop opens. Default 9. */
  rush?: number;
  /** Jobs the workshop takes at most (the lounge's cars); beyond, customers wait in the queue. Default 12. */
  workshopPlaces?: number;
  /** Tickets and jobs at which a walk-in is asked to book another time instead. Default 15. */
  capacity?: number;
  log: (line: string) => void;
}

export interface DemoShop {
  clock: ShopClock;
  stop(): Promise<void>;
}

/** Relative walk-in rate by minutes since opening: a morning peak, a quiet lunch, a steady afternoon. */
const walkInRate = (m: number) => (m < 120 ? 1 : m < 210 ? 0.7 : m < 330 ? 0.4 : 0.8);

export async function startDemoShop(o: DemoShopOptions): Promise<DemoShop> {
  const clock = createShopClock({ speed: o.speed });
  const api = createHubApi(o.hubUrl);
  let opensAt = 0;
  const log = (line: string) => o.log(`${clockLabel(clock.simNow() - opensAt)}  ${line}`);

  const leftovers = await closeLeftovers(o.manager);
  if (leftovers.jobs + leftovers.alerts > 0)
    log(`${o.manager.name} closed ${leftovers.jobs} job(s) and ${leftovers.alerts} alert(s) an earlier run left open`);
  const standards = await scaleStandards(o.manager, o.speed);
  if (standards.saved > 0)
    log(`the shop's standards are compressed ${o.speed} times, like the demo's time (console: SOPs)`);

  const sensors = o.bays.map((b) => new BaySensor(b.bayId, { url: o.mqttUrl, deviceId: b.sensorId, secret: b.secret }));
  const bands = o.bands.map(
    (b) =>
      new SimulatedWristband({
        url: o.mqttUrl,
        deviceId: b.bandId,
        secret: b.secret,
        onBuzz: (n) => log(`${b.bandId} (${b.tech}) buzzed: ${n.reason}`),
      }),
  );
  const devices = [...sensors, ...bands];
  const stopDevices = () => Promise.all(devices.map((d) => d.stop().catch(() => {})));
  try {
    await Promise.all(devices.map((d) => d.start()));
  } catch (err) {
    await stopDevices();
    throw err;
  }

  // The jobs waiting for a bay, oldest first, and the bays waiting for a job.
  const orders: WorkOrder[] = [];
  const idleBays: ((o: WorkOrder | null) => void)[] = [];
  const customers = new Map<string, Customer>();
  const handedOver: Customer[] = [];
  let arrivals = 0;
  // Tickets of the demo's customers not yet finished at a desk; the workshop's active jobs as the
  // console last listed them (the hub's count, so a job the shop lost track of still counts); desks
  // in the middle of serving a customer.
  let tickets = 0;
  let active = 0;
  let serving = 0;
  const inShop = () => tickets + active + serving;
  const countJobs = async () => {
    const { jobs } = await o.manager.call(routes.listJobs);
    active = jobs.filter((j) => (activeStages as readonly JobStage[]).includes(j.stage)).length;
    return active;
  };

  const rng = createRng(deriveSeed(o.seed, 'walk-ins'));
  const tasks: Promise<void>[] = [];
  o.bays.forEach((bay, i) =>
    tasks.push(
      runBay({
        clock,
        rng: createRng(deriveSeed(o.seed, `bay-${bay.bayId}`)),
        api,
        bay,
        sensor: sensors[i]!,
        band: bands[i]!,
        member: o.bands[i]!,
        manager: o.manager,
        procedures: standards.procedures,
        next: () =>
          clock.stopped
            ? Promise.resolve(null)
            : orders.length > 0
              ? Promise.resolve(orders.shift()!)
              : new Promise((r) => idleBays.push(r)),
        // Cars that went home: now and then one comes back (a comeback the desk sees flagged).
        done: (order) => void (order.customer && handedOver.push(order.customer)),
        log,
      }),
    ),
  );
  for (const d of o.desks)
    tasks.push(
      runDesk({
        clock,
        rng: createRng(deriveSeed(o.seed, d.deskId)),
        deskId: d.deskId,
        advisor: d.advisor,
        customerOf: (id) => customers.get(id),
        closed: (ticketId) => {
          if (customers.delete(ticketId)) tickets -= 1;
        },
        async claimPlace() {
          if ((await countJobs()) + serving >= (o.workshopPlaces ?? 12)) return false;
          serving += 1;
          return true;
        },
        releasePlace: () => (serving -= 1),
        toWorkshop: (order) => {
          const bay = idleBays.shift();
          if (bay) bay(order);
          else orders.push(order);
        },
        log,
      }),
    );

  async function arrive(): Promise<void> {
    try {
      // Every seventh walk-in, once cars have gone home, is one of them back (a few comebacks a day).
      arrivals += 1;
      const back =
        arrivals % 7 === 0 && handedOver.length > 0
          ? handedOver.splice(rng.int(0, handedOver.length - 1), 1)[0]
          : undefined;
      const c = back ? await comeBack(api, rng, back) : await walkIn(api, rng, { noShowChance: 0.06 });
      customers.set(c.ticketId, c);
      tickets += 1;
      log(
        `${'kiosk'.padEnd(14)} ${c.ticketNumber.padEnd(5)} ${back ? 'comes back' : 'checks in'} for ${c.services.join(' + ')}`,
      );
    } catch (err) {
      if (!clock.stopped) log(`${'kiosk'.padEnd(14)} check-in failed: ${(err as Error).message}`);
    }
  }

  /**
   * The manager hands each technician their band for the day's shift, in the console's way: the
   * hub credits a band's steps to the technician it is issued to, on that technician's jobs only
   * [GB-3.2.4]. A shift of 14 simulated hours (the day and its overrun), in the hub's real time.
   */
  async function issueBands(): Promise<void> {
    const hours = Math.min(MAX_SHIFT_HOURS, 14 / o.speed);
    await Promise.all(
      o.bands.map((b) =>
        o.manager.call(routes.issueBand, { params: { bandId: b.bandId }, body: { technician: b.tech, hours } }),
      ),
    );
    log(`${o.manager.name} issues the bands: ${o.bands.map((b) => `${b.bandId} → ${b.tech}`).join(', ')}`);
  }

  async function days(): Promise<void> {
    for (let day = 1; !clock.stopped; day++) {
      opensAt = clock.simNow();
      log(`day ${day}: the shop opens, ${o.rush ?? 9} customers at the door (1 s = ${o.speed} s)`);
      await issueBands();
      for (let i = 0; i < (o.rush ?? 9); i++) {
        await arrive();
        if (!(await clock.wait(rng.between(0.1, 0.5) * MIN))) return;
      }
      while (clock.simNow() - opensAt < INTAKE) {
        if (!(await clock.wait(rng.exponential(5 / walkInRate((clock.simNow() - opensAt) / MIN)) * MIN))) return;
        if (inShop() < (o.capacity ?? 15)) await arrive();
      }
      log('last intake: the day’s cars are finished');
      while ((await countJobs()) + tickets > 0) if (!(await clock.wait(2 * MIN))) return;
      log(`day ${day} closes`);
      if (!(await clock.wait(5 * MIN))) return;
    }
  }
  tasks.push(days());

  return {
    clock,
    async stop() {
      clock.stop();
      for (const b of idleBays.splice(0)) b(null);
      // Calls under way finish (each is bounded by the client's timeout), then the devices sign off.
      await Promise.allSettled(tasks);
      await stopDevices();
    },
  };
}
