// The demo workshop: one simulated sensor per demo bay, a workshop day played at an accelerated
// clock, and a line on the console for each thing a visitor would notice on the bay board.
import { BaySensor } from '../bay-sensor.ts';
import { driveInRealTime } from '../realtime.ts';
import { SERVICES, clockLabel } from '../workshop-day.ts';
import { createWorkshopRunner, type TimedEvent, type WorkshopRunner } from '../workshop-runner.ts';
import { startDemoCrew, type DemoBand } from './bands.ts';
import type { DemoBay } from './fleet.ts';

const MIN = 60_000;

export interface DemoWorkshopOptions {
  /** Where the sensors connect: the hub's broker. */
  mqttUrl: string;
  bays: DemoBay[];
  seed: number;
  /** Simulated seconds per real second, e.g. 60. */
  speed: number;
  /** Simulated minutes after the 08:30 opening to begin at; the morning before is played at once. */
  startAtMinutes: number;
  log: (line: string) => void;
  /** The technicians' wristbands (bands.ts): each works through the services of its bay's cars. */
  bands?: DemoBand[];
}

export interface DemoWorkshop {
  runner: WorkshopRunner;
  /** Resolves if the simulation stops on an error; the demo should then stop too. */
  failed: Promise<Error>;
  stop(): Promise<void>;
}

const serviceName = (id: string) => SERVICES.find((s) => s.id === id)?.name ?? id;

/** The console line for an event, or null for the ones nobody watches (doors, lift in motion). */
export function describeEvent(e: TimedEvent, bayName: string, service: string | undefined): string | null {
  const what = (() => {
    switch (e.kind) {
      case 'car-in':
        return `car in${service ? ` · ${serviceName(service)}` : ''}`;
      case 'lift-up':
        return 'lift up';
      case 'lift-down':
        return 'lift down';
      case 'car-out':
        return 'car out · bay free';
      case 'sensor-offline':
        return 'sensor lost power: its last will marks it offline';
      case 'sensor-online':
        return 'sensor back online after a reboot';
      default:
        return null;
    }
  })();
  if (!what) return null;
  const day = e.day > 0 ? `day ${e.day + 1} ` : '';
  return `${day}${clockLabel(e.at)}  ${bayName.padEnd(14)} ${what}`;
}

export async function startDemoWorkshop(opts: DemoWorkshopOptions): Promise<DemoWorkshop> {
  const sensors = Object.fromEntries(
    opts.bays.map((b) => [
      b.bayId,
      new BaySensor(b.bayId, { url: opts.mqttUrl, deviceId: b.sensorId, secret: b.secret }),
    ]),
  );
  const stopSensors = () => Promise.all(Object.values(sensors).map((s) => s.stop()));
  try {
    await Promise.all(Object.values(sensors).map((s) => s.start()));
  } catch (err) {
    await stopSensors();
    throw err;
  }

  const names = new Map(opts.bays.map((b) => [b.bayId, b.name]));
  const startAt = opts.startAtMinutes * MIN;
  const crew = opts.bands?.length
    ? await startDemoCrew({ ...opts, bands: opts.bands, bayNames: names, startAt }).catch(async (err: unknown) => {
        await stopSensors();
        throw err;
      })
    : undefined;
  let warm = true;
  const runner = createWorkshopRunner(
    {
      bays: opts.bays.map((b) => b.bayId),
      seed: opts.seed,
      onEvent: (e) => {
        const visit = 'visitId' in e ? runner.day().plan.visits.find((v) => v.id === e.visitId) : undefined;
        if (visit && e.kind === 'car-in') crew?.runner.carIn(visit, e.simTime);
        if (warm) return;
        const line = describeEvent(e, names.get(e.bayId) ?? e.bayId, visit?.service);
        if (line) opts.log(line);
      },
    },
    sensors,
  );
  // Begin mid-morning with cars already on the bays, so the board is alive from the first look.
  await runner.runUntil(startAt);
  warm = false;
  const busy = Object.values(runner.bays()).filter((b) => b.occupied).length;
  opts.log(`${clockLabel(startAt)}  workshop open, ${busy} of ${opts.bays.length} bays busy (1 s = ${opts.speed} s)`);

  const driver = driveInRealTime(runner, { speed: opts.speed, startAt });
  return {
    runner,
    failed: crew ? Promise.race([driver.failed, crew.failed]) : driver.failed,
    async stop() {
      await driver.stop();
      await crew?.stop();
      await stopSensors();
    },
  };
}
