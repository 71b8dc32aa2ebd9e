// The media module: camera ingest (supervised ffmpeg), HLS, the recording ring, customers' video
// sessions and repair clips. It reads a job's footage rights and a customer's proof through the
// jobs module's ports and a job's steps through the wristbands', and follows the cameras table.
import type { FastifyRequest } from 'fastify';
import type { StaffUser } from '@glassbay/protocol';
import type { StepMark } from '../domain/job-footage.ts';
import type { JobsModule } from '../jobs/module.ts';
import type { HubModule, Kernel } from '../module.ts';
import { startMedia } from './service.ts';
import type { StepSources } from './step-video.ts';

export function createMediaModule(
  k: Kernel,
  ports: {
    staffOf: (req: FastifyRequest) => StaffUser | undefined;
    jobs: Pick<JobsModule, 'customers' | 'footage'>;
    steps: (jobId: string) => StepMark[];
    stepSources?: StepSources;
  },
) {
  const media = startMedia({
    app: k.app,
    db: k.db,
    config: k.config,
    relay: k.relay,
    log: k.log,
    staffOf: ports.staffOf,
    customers: ports.jobs.customers,
    footage: ports.jobs.footage,
    steps: ports.steps,
    ...(ports.stepSources ? { stepSources: ports.stepSources } : {}),
    followGraceMs: k.config.followGraceMin * 60_000,
  });
  const module: HubModule = {
    name: 'media',
    fill(state) {
      for (const c of media.cameras()) state.cameras[c.id] = c;
    },
    routes: (mount) => media.routes(mount),
    stop: () => media.stop(),
  };
  return { module, media };
}
