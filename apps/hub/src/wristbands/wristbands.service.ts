// The step engine: a wristband event in, a step timing out, judged against the standard of the job
// on that bay. Each event is checked, deduplicated, timed, paired and judged in one transaction;
// then a short operation goes to the managers' console and buzzes the band at once, and an overrun
// moves the job's ETA. Rules live in domain/wristband-*.ts; this file does the I/O around them.
import { type JobStage, type WristbandEvent, type WristbandNotify } from '@glassbay/protocol';
import { judgeEventTime, pairBasis, type EventTime } from '../domain/wristband-clock.ts';
import {
  judgeDuration,
  overrunMs,
  overrunWorthAlert,
  pairEvent,
  shortOperationReason,
} from '../domain/wristband-pairing.ts';
import { resolveStep, type ResolvedStep } from '../domain/wristband-sop.ts';
import type { Logger } from '../logger.ts';
import type { AlertsRepository, NewAlert } from './alerts.repository.ts';
import type { BayDirectory } from '../bays/module.ts';
import type { BayJob } from '../jobs/module.ts';
import type { Db } from '../store/db.ts';
import type { DevicesRepository } from '../mqtt/devices.repository.ts';
import type { TimingRecord, WristbandsRepository } from './wristbands.repository.ts';
import { accepted, ignore, reject, type Outcome } from '../domain/outcome.ts';
import type { IssuesService } from './issues.service.ts';
import type { SopsService } from './sops.service.ts';
import { createBandRegistry } from './wristband-bands.ts';
import { flagAtQualityCheck, isRelease, releaseCheck } from './wristband-checks.ts';

/** The job on a bay, as the step engine needs it (the jobs module answers; `startedAt` picks the standards in force). */
export type JobRef = BayJob;

export interface JobsPort {
  /** The open job of this technician on this bay (the one being worked on first), if any. */
  technicianJobOnBay(bayId: string, technician: string): JobRef | undefined;
  job(jobId: string): JobRef | undefined;
  /** A step of the job started or ended, or ran past its standard: recompute and publish the job. */
  etaChanged(jobId: string, now: number): void;
}

export interface WristbandsDeps {
  db: Db;
  devices: DevicesRepository;
  bays: BayDirectory;
  wristbands: WristbandsRepository;
  alerts: AlertsRepository;
  sops: SopsService;
  /** Who each band is issued to, when [GB-3.2.4]. */
  issues: Pick<IssuesService, 'holderAt'>;
  jobs: JobsPort;
  /** Publish the alert with this id to the staff screens. */
  publishAlert: (id: number) => void;
  /** Send a notification to a band's notify topic (QoS 1) [GB-3.4]. */
  notify: (bandId: string, n: WristbandNotify) => void;
  /** How far a band's clock may be off and still be trusted, ms [GB-3.2.3]. */
  clockToleranceMs: number;
  log: Logger;
}

interface Applied {
  alerts: number[];
  buzz: { bandId: string; notify: WristbandNotify } | null;
  /** The job whose work this event changed: its steps (and maybe its ETA) are published again. */
  etaJob: string | null;
}

export function createWristbandsService(deps: WristbandsDeps) {
  const { db, devices, bays, wristbands, alerts, sops, jobs } = deps;
  const registry = createBandRegistry(wristbands);

  function finish(t: TimingRecord, r: ResolvedStep): TimingRecord {
    const durationMs = t.endedAt! - t.startedAt!;
    return { ...t, status: 'done', durationMs, verdict: judgeDuration(durationMs, r.step) };
  }

  function findings(t: TimingRecord, r: ResolvedStep, job: JobRef, now: number, out: Applied) {
    if (t.verdict === 'overrun') out.etaJob = job.id;
    const worth =
      t.verdict === 'short' || (t.verdict === 'overrun' && overrunWorthAlert(t.durationMs!, t.standardMinutes!));
    if (!worth) return;
    const alert: NewAlert = {
      kind: t.verdict === 'short' ? 'short-operation' : 'overrun',
      jobId: t.jobId,
      timingId: t.id,
      bayId: t.bayId,
      // The technician concerned is the one who declared the step finished.
      tech: t.endTech ?? t.tech,
      bandId: t.bandId,
      serviceCode: t.serviceCode,
      stepCode: t.stepCode,
      sopVersionId: t.sopVersionId,
      missing: [],
      durationMs: t.durationMs,
      minMinutes: t.minMinutes,
      standardMinutes: t.standardMinutes,
      clock: t.clock,
      raisedAt: now,
    };
    out.alerts.push(alerts.insert(alert));
    if (t.verdict === 'short' && t.bandId && r.step) {
      const reason = shortOperationReason(r.step.name, t.durationMs!, r.step.minMinutes);
      out.buzz = { bandId: t.bandId, notify: { buzz: 'long', reason, ts: now } };
    }
  }

  /** Apply an attributed event: `tech` is the band's holder at the event's time, `job` theirs on its bay. */
  function apply(
    bandId: string,
    ev: WristbandEvent,
    time: EventTime,
    receivedAt: number,
    tech: string,
    job: JobRef,
  ): Applied {
    const out: Applied = { alerts: [], buzz: null, etaJob: null };
    registry.event(bandId, { tech, ts: ev.ts }, time.at, receivedAt);
    // Every step of a job moves its learned ETA (#17): one ended early brings it forward.
    out.etaJob = job.id;
    const done = wristbands.ofJob(job.id);
    const recorded = (svc: string, code: string) =>
      done.some(
        (t) =>
          t.serviceCode === svc &&
          t.stepCode === code &&
          (ev.kind === 'start' ? t.status !== 'restarted' : t.status === 'done' || t.status === 'end-only'),
      );
    const r = resolveStep(ev.step, sops.forJob(job.services, job.startedAt), recorded);
    const scope = { jobId: job.id, bayId: ev.bay };
    const pending = wristbands.pending(scope, r.serviceCode, r.code);
    const decision = pairEvent({ kind: ev.kind, tech, at: time.at }, pending.map(wristbands.asPending));
    const half = {
      at: time.at,
      receivedAt,
      clock: time.basis,
      backlog: !time.live,
    };
    const blank: Omit<TimingRecord, 'id'> = {
      jobId: scope.jobId,
      bayId: ev.bay,
      tech,
      endTech: null,
      bandId,
      serviceCode: r.serviceCode,
      stepCode: r.code,
      sopVersionId: r.standard?.id ?? null,
      status: 'open',
      startEvent: null,
      endEvent: null,
      startedAt: null,
      endedAt: null,
      startReceivedAt: null,
      endReceivedAt: null,
      durationMs: null,
      clock: half.clock,
      backlog: half.backlog,
      verdict: 'unjudged',
      minMinutes: r.step?.minMinutes ?? null,
      standardMinutes: r.step?.standardMinutes ?? null,
    };
    const asStart = { startEvent: ev.id, startedAt: half.at, startReceivedAt: receivedAt };
    const asEnd = { endEvent: ev.id, endedAt: half.at, endReceivedAt: receivedAt };

    let timingId: number;
    switch (decision.kind) {
      case 'open':
        if (decision.restarts !== null) wristbands.setStatus(decision.restarts, 'restarted');
        timingId = wristbands.insertTiming({ ...blank, ...asStart, status: 'open' });
        break;
      case 'superseded':
        timingId = wristbands.insertTiming({ ...blank, ...asStart, status: 'restarted' });
        break;
      case 'end-only':
        timingId = wristbands.insertTiming({ ...blank, ...asEnd, status: 'end-only' });
        break;
      case 'close': {
        const t = pending.find((p) => p.id === decision.timingId)!;
        const closed = finish(
          {
            ...t,
            ...asEnd,
            endTech: t.tech === tech ? null : tech,
            bandId,
            clock: pairBasis(t.clock ?? 'device', half.clock),
            backlog: t.backlog || half.backlog,
          },
          r,
        );
        wristbands.updateTiming(closed);
        findings(closed, r, job, receivedAt, out);
        timingId = closed.id;
        break;
      }
      case 'complete': {
        // The start came after its end: the end's technician ended it, this one started it.
        const t = pending.find((p) => p.id === decision.timingId)!;
        const closed = finish(
          {
            ...t,
            ...asStart,
            tech,
            endTech: t.tech === tech ? null : t.tech,
            clock: pairBasis(half.clock, t.clock ?? 'device'),
            backlog: t.backlog || half.backlog,
          },
          r,
        );
        wristbands.updateTiming(closed);
        findings(closed, r, job, receivedAt, out);
        timingId = closed.id;
        break;
      }
    }
    wristbands.insertEvent({
      bandId,
      eventId: ev.id,
      tech,
      bayId: ev.bay,
      step: ev.step,
      kind: ev.kind,
      deviceTs: ev.ts,
      receivedAt,
      at: time.at,
      live: time.live,
      trusted: time.trusted,
      timingId,
    });
    return out;
  }

  const applyTx = db.transaction(apply);

  /** Flag the job's steps never done or never ended, and publish the alerts raised or changed. */
  function flag(jobId: string, now: number): void {
    const job = jobs.job(jobId);
    if (!job) return;
    const raised = db.transaction(() => flagAtQualityCheck(job, { wristbands, alerts, sops }, now))();
    for (const id of raised) deps.publishAlert(id);
  }
  return {
    /** One event from a band, `receivedAt` in hub time. Never throws for bad input: refuses with a reason. */
    applyEvent(bandId: string, ev: WristbandEvent, receivedAt: number): Outcome {
      const device = devices.get(bandId);
      if (!device) return reject('unknown_device', `no device "${bandId}" is provisioned`);
      if (device.kind !== 'wristband')
        return reject('wrong_kind', `device "${bandId}" is a ${device.kind}, not a wristband`);
      if (!bays.get(ev.bay))
        return reject('wrong_bay', `bay "${ev.bay}" does not exist; set the band to a bay id from the bay board`);
      // [GB-3.2.1] an id is applied once: a QoS 1 redelivery or a re-sent backlog changes nothing.
      if (wristbands.hasEvent(bandId, ev.id)) return ignore('duplicate');
      const offset = registry.offsetWith(bandId, ev.ts, receivedAt);
      const time = judgeEventTime({ ts: ev.ts, receivedAt }, offset, deps.clockToleranceMs);
      // [GB-3.2.4] Attributed by issuance, never by the payload: the technician the band was issued to
      // when the step happened, on a bay where their job runs. Anything else is refused, not stored.
      const holder = deps.issues.holderAt(bandId, time.at);
      if (!holder)
        return reject(
          'band_not_issued',
          `band "${bandId}" was issued to nobody at ${new Date(time.at).toISOString()}; issue it to the technician who wears it (console: wristbands)`,
        );
      const job = jobs.technicianJobOnBay(ev.bay, holder.tech);
      // A backlog event from before the job was opened belongs to earlier work on the bay.
      if (!job || time.at < job.startedAt)
        return reject(
          'not_technicians_bay',
          `bay "${ev.bay}" has no open job of the technician band "${bandId}" is issued to; assign them the job first`,
        );
      let out: Applied;
      try {
        out = applyTx(bandId, ev, time, receivedAt, holder.tech, job);
      } catch (err) {
        registry.forget(bandId);
        throw err;
      }
      for (const id of out.alerts) deps.publishAlert(id);
      if (out.buzz) deps.notify(out.buzz.bandId, out.buzz.notify);
      if (out.etaJob) jobs.etaChanged(out.etaJob, receivedAt);
      return accepted;
    },

    /** A band's online status carries its clock: a punctual sample before any backlog [GB-3.2.3]. */
    observeStatus(deviceId: string, ts: number | undefined, receivedAt: number): void {
      if (ts === undefined || devices.get(deviceId)?.kind !== 'wristband') return;
      registry.status(deviceId, ts, receivedAt);
    },

    /** The jobs module asks inside a stage move: a live alert of the job keeps it from release. */
    checkMove(jobId: string, to: JobStage): void {
      if (isRelease(to)) releaseCheck(alerts.blocking(jobId), sops);
    },

    /**
     * Before a release, in a transaction of its own (the alerts stay when the move is refused): steps
     * never done or never ended are flagged, for a job that skipped quality check or did work since.
     */
    beforeMove(jobId: string, to: JobStage, now: number): void {
      if (isRelease(to)) flag(jobId, now);
    },

    /** After a stage move: at quality check, steps never done or never ended are flagged. */
    afterMove(jobId: string, to: JobStage, now: number): void {
      if (to === 'quality-check') flag(jobId, now);
    },

    /** How far the job's work is behind its standards, ms (the jobs module adds it to the ETA). */
    workDelayMs(jobId: string, now: number): number {
      return overrunMs(wristbands.ofJob(jobId), now);
    },

    timingsOfJob: (jobId: string) => wristbands.ofJob(jobId),
  };
}
export type WristbandsService = ReturnType<typeof createWristbandsService>;
