// Wristband alerts as staff see and handle them: the live list on the console, acknowledgement,
// resolution with a note, a manager's override on record, the technician's own answer, and the
// per-technician and per-step figures. Every action is a row of the record, then one publish.
import {
  MAX_REPLAY_MS,
  STEP_VIDEO_MARGIN_MS,
  blocksRelease,
  type AlertView,
  type StepFigures,
  type StepRef,
} from '@glassbay/protocol';
import { stepVideoRange } from '../domain/job-footage.ts';
import type { StepOnBay } from './step-windows.ts';
import { stepFigures, techFigures } from '../domain/wristband-figures.ts';
import { stepRef } from '../domain/wristband-sop.ts';
import type { AlertRecord, AlertsRepository } from './alerts.repository.ts';
import type { Db } from '../store/db.ts';
import type { WristbandsRepository } from './wristbands.repository.ts';
import { AppError } from '../domain/errors.ts';
import type { Publisher } from '../realtime/publisher.ts';
import type { SopsService } from './sops.service.ts';

/** How long closed alerts stay on the console. */
const CONSOLE_DAY_MS = 12 * 3600_000;
const DAY_MS = 24 * 3600_000;

export interface StaffRef {
  id: number;
  name: string;
}

export function createAlertsService(deps: {
  db: Db;
  alerts: AlertsRepository;
  wristbands: WristbandsRepository;
  sops: SopsService;
  relay: Publisher;
  /** The moment of an alert's step (step-windows.ts): what an answer's attached clip shows. */
  stepOf?: (alertId: string) => StepOnBay;
}) {
  const { db, alerts, wristbands, sops, relay } = deps;

  const refOf = (serviceCode: string | null, code: string, versionId: number | null): StepRef =>
    stepRef(serviceCode, code, sops.byId(versionId ?? -1)?.steps.find((s) => s.code === code) ?? null);

  function view(a: AlertRecord): AlertView {
    return {
      id: String(a.id),
      kind: a.kind,
      state: a.state,
      jobId: a.jobId,
      jobCode: a.jobCode,
      bayId: a.bayId,
      tech: a.tech,
      bandId: a.bandId,
      step: a.stepCode ? refOf(a.serviceCode, a.stepCode, a.sopVersionId) : null,
      missing: a.missing.map((m) => refOf(m.serviceCode, m.code, m.versionId)),
      durationMs: a.durationMs,
      minMinutes: a.minMinutes,
      standardMinutes: a.standardMinutes,
      clock: a.clock,
      raisedAt: a.raisedAt,
      blocksRelease: blocksRelease(a),
      actions: a.actions,
    };
  }

  const require = (id: string): AlertRecord => {
    const a = alerts.get(Number(id));
    if (!a) throw new AppError(404, 'ALERT_NOT_FOUND', `no alert ${id}`);
    return a;
  };

  /** Record an action and publish the alert as it now stands. */
  function act(id: string, change: (a: AlertRecord) => void): AlertView {
    db.transaction(() => change(require(id)))();
    const v = view(alerts.get(Number(id))!);
    relay.publish('alerts', v.id, v);
    return v;
  }

  const staff = (by: StaffRef) => ({ kind: 'staff' as const, id: String(by.id), name: by.name });
  const closed = (a: AlertRecord) => a.state === 'resolved';

  return {
    view,
    get: (id: string) => view(require(id)),
    publish(id: number) {
      const a = alerts.get(id);
      if (a) relay.publish('alerts', String(id), view(a));
    },
    /** The console's snapshot: open alerts and those of the last hours. */
    loadInto(state: { alerts: Record<string, AlertView> }, now: number) {
      for (const a of alerts.visible(now - CONSOLE_DAY_MS)) state.alerts[String(a.id)] = view(a);
    },
    list(which: 'open' | 'all', days: number, now: number): AlertView[] {
      return (which === 'open' ? alerts.live() : alerts.visible(now - days * DAY_MS)).map(view);
    },

    acknowledge(id: string, by: StaffRef, note: string | undefined, now: number): AlertView {
      return act(id, (a) => {
        if (a.state !== 'open')
          throw new AppError(409, 'ALERT_NOT_OPEN', `this alert is already ${a.state}; resolve it with a note instead`);
        alerts.addAction(a.id, 'acknowledge', staff(by), note ?? '', now);
        alerts.setState(a.id, 'acknowledged', null);
      });
    },
    resolve(id: string, by: StaffRef, note: string, now: number): AlertView {
      return act(id, (a) => {
        if (closed(a)) throw new AppError(409, 'ALERT_RESOLVED', 'this alert is already resolved');
        alerts.addAction(a.id, 'resolve', staff(by), note, now);
        alerts.setState(a.id, 'resolved', now);
      });
    },
    /** A manager lets the job be released although the alert is not cleared: on record. */
    override(id: string, by: StaffRef, note: string, now: number): AlertView {
      return act(id, (a) => {
        if (!blocksRelease(a))
          throw new AppError(
            409,
            'OVERRIDE_NOT_NEEDED',
            a.jobId === null
              ? 'this alert belongs to no job, so it holds nothing back; resolve it with a note instead'
              : `this alert is ${a.state}; it no longer holds the job`,
          );
        alerts.addAction(a.id, 'override', staff(by), note, now);
        alerts.setState(a.id, 'overridden', now);
      });
    },
    /** The technician concerned answers with a reason (entered at the workshop terminal). */
    answer(id: string, tech: string, reason: string, now: number, attachClip = false): AlertView {
      return act(id, (a) => {
        if (!a.tech || a.tech.toLowerCase() !== tech.toLowerCase())
          throw new AppError(
            403,
            'ALERT_NOT_YOURS',
            `this alert concerns ${a.tech ?? 'no technician'}; only they can answer it`,
          );
        // The clip is the step's footage as the manager's player opens it (start to end, with margins).
        const step = attachClip && deps.stepOf ? deps.stepOf(id) : undefined;
        const clip = step && stepVideoRange(step, step.until ?? now, STEP_VIDEO_MARGIN_MS, MAX_REPLAY_MS);
        alerts.addAction(a.id, 'answer', { kind: 'technician', id: a.tech, name: a.tech }, reason, now, clip);
      });
    },

    figures(days: number, now: number): StepFigures {
      const from = now - days * DAY_MS;
      const rows = wristbands.finishedSince(from);
      const standardOf = (svc: string | null, code: string) =>
        (svc ? sops.inForce(svc, now)?.steps.find((s) => s.code === code) : undefined) ?? null;
      return {
        from,
        to: now,
        technicians: techFigures(rows, alerts.answeredByTech(from)),
        steps: stepFigures(rows, standardOf),
      };
    },
  };
}
export type AlertsService = ReturnType<typeof createAlertsService>;
