// The evidence packs as one module for the composition root: a read model over the job's records
// (like the KPIs) plus the repair clip from the media module, and a timer that deletes packs past
// their keeping time. Nothing in the screens' snapshot.
import { join } from 'node:path';
import type { HubModule, Kernel } from '../module.ts';
import { createEvidenceRepository } from './evidence.repository.ts';
import { mountEvidenceRoutes } from './evidence.routes.ts';
import { createEvidenceService, findCjkFont, type CjkFont, type ClipSource } from './evidence.service.ts';

const SWEEP_MS = 60 * 60_000;

export function createEvidenceModule(
  k: Pick<Kernel, 'db' | 'config' | 'log'>,
  ports: { clips: ClipSource },
  opts: { font?: () => Promise<CjkFont | null>; tzOffsetMin?: number } = {},
) {
  const service = createEvidenceService({
    repo: createEvidenceRepository(k.db),
    dir: join(k.config.dataDir, 'evidence'),
    clips: ports.clips,
    retainDays: k.config.evidencePacksDays,
    // The shop's local time is the hub's own, as the KPIs read it.
    tzOffsetMin: opts.tzOffsetMin ?? -new Date().getTimezoneOffset(),
    font: opts.font ?? findCjkFont,
    log: k.log,
  });
  service.sweep(Date.now());
  const timer = setInterval(() => service.sweep(Date.now()), SWEEP_MS);
  timer.unref();
  const module: HubModule = {
    name: 'evidence',
    routes: (mount) => mountEvidenceRoutes(mount, service),
    stop: () => clearInterval(timer),
  };
  return { module, service };
}
