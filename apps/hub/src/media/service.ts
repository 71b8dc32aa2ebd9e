// The media service: one supervisor per enabled camera, the recording ring, the HLS routes, and each
// camera's state published to staff screens. It follows the cameras table on its own (the installer's
// CLI adds a camera while the hub runs), so the composition root only starts and stops it.
import { join } from 'node:path';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { CAMERA_VIEW_ROLE, hasRole, videoRoutes, type CameraView, type StaffUser } from '@glassbay/protocol';
import type { HubConfig } from '../config.ts';
import type { Mount } from '../http/api.ts';
import type { Logger } from '../logger.ts';
import type { Publisher } from '../realtime/publisher.ts';
import type { Db } from '../store/db.ts';
import { staffOr, tokenAuthorizer, type AuthorizeMedia } from './authorize.ts';
import { createChildren } from './children.ts';
import { createClips } from './clips.ts';
import type { StepMark } from '../domain/job-footage.ts';
import { createVideoSessions, type CustomerProof } from './sessions.ts';
import { createStepVideos, type StepSources } from './step-video.ts';
import type { JobFootage } from '../jobs/module.ts';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './backoff.ts';
import { createCamerasRepository, type CameraConfig } from './cameras.repository.ts';
import { registerMediaRoutes } from './http.ts';
import { createRecordings, type DiskFree } from './recordings.ts';
import { createSupervisor, type Supervisor, type SupervisorStatus } from './supervisor.ts';
import { loadMediaSecret } from './token.ts';

export interface MediaTuning {
  /** Segments in the live playlist (1 s each). */
  liveWindow: number;
  backoff: BackoffPolicy;
  stallMs: number;
  startTimeoutMs: number;
  /** How often the cameras table is re-read. */
  reconcileMs: number;
  /** How often jobs at handover are looked for (repair clips) and expired clips removed. */
  clipSweepMs: number;
  /** Bitrate and frame-time updates reach staff screens at most this often (state changes at once). */
  statsPublishMs: number;
  authorize?: AuthorizeMedia;
  diskFree?: DiskFree;
}

export const DEFAULT_TUNING: MediaTuning = {
  liveWindow: 6,
  backoff: DEFAULT_BACKOFF,
  // Three missing 1 s segments: offline is declared within ~7 s, well inside the 20 s promise.
  stallMs: 6000,
  startTimeoutMs: 15_000,
  reconcileMs: 2000,
  clipSweepMs: 10_000,
  statsPublishMs: 5000,
};

interface Entry {
  config: CameraConfig;
  supervisor: Supervisor | null;
  since: number;
  publishedAt: number;
}

/** No job has footage rights: a hub without the jobs feature (media's own tests). */
const noFootage: JobFootage = {
  handedOver: () => [],
  job: () => undefined,
  events: () => [],
  periods: () => [],
  windowsOnBay: () => [],
};

export function startMedia(deps: {
  app: FastifyInstance;
  db: Db;
  config: Pick<HubConfig, 'dataDir' | 'media'>;
  relay: Publisher;
  log: Logger;
  /** The signed-in staff member behind a request (the console's session). */
  staffOf?: (req: FastifyRequest) => StaffUser | undefined;
  /** A job's footage rights (the jobs module's port); without it only staff watch. */
  footage?: JobFootage;
  /** The jobs module's check of a customer's follow link or ticket code. */
  customers?: CustomerProof;
  /** A job's wristband steps (the wristbands module), for the timeline and the repair clip. */
  steps?: (jobId: string) => StepMark[];
  /** When and where an alert's step or a job's step was (the wristbands module): its video. */
  stepSources?: StepSources;
  /** How long a follow link works after delivery (the repair clip is kept as long). */
  followGraceMs?: number;
  tuning?: Partial<MediaTuning>;
}) {
  const tuning = { ...DEFAULT_TUNING, ...deps.tuning };
  const { relay, config } = deps;
  const log = deps.log.child({ part: 'media' });
  const cameras = createCamerasRepository(deps.db);
  // Before any camera starts: end the ffmpeg a killed hub left behind.
  const children = createChildren({ dataDir: config.dataDir, log });
  children.endLeftovers();
  const MB = 1024 * 1024;
  const keepNewest = tuning.liveWindow + 2;
  const recordings = createRecordings({
    root: join(config.dataDir, 'media'),
    limits: {
      maxBytes: config.media.maxMb * MB,
      maxAgeMs: config.media.maxHours * 3_600_000,
      minFreeBytes: config.media.minFreeMb * MB,
      keepNewest,
    },
    log,
    ...(tuning.diskFree ? { diskFree: tuning.diskFree } : {}),
  });
  const entries = new Map<string, Entry>();
  let stopped = false;
  let lastDiskWarning = 0;

  const view = (e: Entry): CameraView => {
    const s: SupervisorStatus | undefined = e.supervisor?.status();
    const rec = recordings.get(e.config.id);
    return {
      id: e.config.id,
      bayId: e.config.bayId,
      name: e.config.name,
      enabled: e.config.enabled,
      state: s?.state ?? 'disabled',
      since: s?.since ?? e.since,
      bitrateKbps: s?.bitrateKbps ?? null,
      lastFrameAt: s?.lastFrameAt ?? null,
      error: s?.error ?? null,
      retryAt: s?.retryAt ?? null,
      recording: { from: rec?.segments[0]?.start ?? null, bytes: rec?.totalBytes ?? 0 },
    };
  };
  const publish = (e: Entry) => {
    e.publishedAt = Date.now();
    relay.publish('cameras', e.config.id, view(e));
  };

  const supervise = (e: Entry) =>
    createSupervisor({
      camera: e.config,
      recording: recordings.camera(e.config.id),
      options: { ffmpegPath: config.media.ffmpegPath, ...tuning },
      spawn: children.spawn,
      log,
      onChange: (kind) => {
        if (kind === 'state' || Date.now() - e.publishedAt >= tuning.statsPublishMs) publish(e);
      },
      onSegment: () => {
        const { stillShortBytes } = recordings.enforce(Date.now());
        if (stillShortBytes > 0 && Date.now() - lastDiskWarning > 60_000) {
          lastDiskWarning = Date.now();
          log.error(
            { shortMb: Math.round(stillShortBytes / MB) },
            'the disk is below its free-space floor with only live video left; free space or lower GLASSBAY_MEDIA_MIN_FREE_MB',
          );
        }
      },
    });

  // Follow the cameras table: start new cameras, restart changed ones, stop removed ones. Serialised,
  // so a restart waits for the old ffmpeg to finish its last segment.
  let reconciling: Promise<void> = Promise.resolve();
  const reconcile = () =>
    (reconciling = reconciling
      .then(async () => {
        if (stopped) return;
        const now = Date.now();
        const current = new Map(cameras.list().map((c) => [c.id, c]));
        for (const [id, e] of entries) {
          const c = current.get(id);
          if (c && c.inputUrl === e.config.inputUrl && c.enabled === e.config.enabled) {
            if (c.name !== e.config.name || c.bayId !== e.config.bayId) {
              e.config = c;
              publish(e);
            }
            continue;
          }
          await e.supervisor?.stop();
          entries.delete(id);
          if (!c) {
            log.info({ camera: id }, 'camera removed; its recordings stay until the ring ages them out');
            relay.publish('cameras', id, null);
          }
        }
        for (const [id, c] of current) {
          if (entries.has(id) || stopped) continue;
          const e: Entry = { config: c, supervisor: null, since: now, publishedAt: 0 };
          entries.set(id, e);
          if (c.enabled) e.supervisor = supervise(e);
          publish(e);
        }
      })
      .catch((err: unknown) => log.error({ err }, 'cannot apply the camera configuration')));

  void reconcile();
  const timer = setInterval(() => void reconcile(), tuning.reconcileMs);
  timer.unref();
  // Age out recordings even while no camera delivers a segment (all offline, or removed cameras).
  const ringTimer = setInterval(() => recordings.enforce(Date.now()), 60_000);
  ringTimer.unref();

  const secret = loadMediaSecret(config.dataDir);
  // Wristband steps decorate the timeline and pick the clip's moments; without them the video still works.
  const steps = deps.steps
    ? (jobId: string): StepMark[] => {
        try {
          return deps.steps!(jobId);
        } catch (err) {
          log.warn({ err, job: jobId }, "cannot read the job's wristband steps");
          return [];
        }
      }
    : undefined;
  const footage = deps.footage ?? noFootage;
  const followGraceMs = deps.followGraceMs ?? 0;
  const camerasOfBay = (bayId: string) => cameras.list().filter((c) => c.bayId === bayId && c.enabled);
  const clips = createClips({
    root: join(config.dataDir, 'clips'),
    footage,
    recordings,
    cameraOfBay: (bayId) => camerasOfBay(bayId)[0]?.id,
    steps,
    ffmpegPath: config.media.ffmpegPath,
    spawn: children.spawn,
    followGraceMs,
    maxAgeMs: config.media.maxHours * 3_600_000,
    log,
  });
  const clipTimer = setInterval(() => clips.sweep(), tuning.clipSweepMs);
  clipTimer.unref();
  const sessions = createVideoSessions({
    secret,
    footage,
    recordings,
    clips,
    proof: deps.customers,
    steps,
    camerasOfBay,
    camera: (id) => cameras.get(id),
    bayName: (bayId) => cameras.bayName(bayId),
    followGraceMs,
  });
  const stepVideos = createStepVideos({
    sources: deps.stepSources,
    camerasOfBay,
    bayName: (bayId) => cameras.bayName(bayId),
    recordings,
  });
  // Only staff whose role may watch cameras pass without a token (an advisor needs the customer's).
  const isCameraStaff = (req: FastifyRequest) => {
    const user = deps.staffOf?.(req);
    return user !== undefined && hasRole(user.role, CAMERA_VIEW_ROLE);
  };
  sessions.mountClip(deps.app, isCameraStaff);

  registerMediaRoutes(deps.app, {
    recordings,
    cameraKnown: (id) => cameras.get(id) !== undefined,
    authorize:
      tuning.authorize ??
      staffOr(
        isCameraStaff,
        tokenAuthorizer(secret, {
          job: footage.job,
          windowsOnBay: footage.windowsOnBay,
          cameraBay: (id) => entries.get(id)?.config.bayId ?? cameras.get(id)?.bayId ?? null,
        }),
      ),
    liveWindow: tuning.liveWindow,
    liveStaleMs: Math.max(tuning.stallMs * 2, 10_000),
    now: Date.now,
  });

  return {
    /** Mount the video session operations of the REST table. */
    routes(mount: Mount): void {
      mount(videoRoutes.jobVideoSession, ({ body, req }) => sessions.forJob(body, req.ip, Date.now()));
      mount(videoRoutes.cameraVideoSession, ({ params }) => sessions.forCamera(params.cameraId, Date.now()));
      mount(videoRoutes.alertVideo, ({ params }) => stepVideos.forAlert(params.alertId, Date.now()));
      mount(videoRoutes.stepVideo, ({ params }) => stepVideos.forStep(params.jobId, params.stepId, Date.now()));
    },
    /** Every configured camera as staff see it (the relay's snapshot). */
    cameras: (): CameraView[] => [...entries.values()].map(view),
    /** One camera's ingest status, with the ffmpeg pid (health, tests). */
    status: (id: string): SupervisorStatus | undefined => entries.get(id)?.supervisor?.status(),
    recordings,
    clips,
    /** Re-read the cameras table now (the CLI changed it). */
    reconcile,
    async stop(): Promise<void> {
      stopped = true;
      clearInterval(timer);
      clearInterval(ringTimer);
      clearInterval(clipTimer);
      await reconciling;
      await clips.stop();
      await Promise.all([...entries.values()].map((e) => e.supervisor?.stop()));
    },
  };
}
export type Media = ReturnType<typeof startMedia>;
