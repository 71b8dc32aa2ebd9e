// Evidence packs over HTTP (managers): list, make, download. Thin: the service holds the rules.
import { createReadStream } from 'node:fs';
import { evidenceRoutes } from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import type { Mount } from '../http/api.ts';
import type { EvidenceService } from './evidence.service.ts';

export function mountEvidenceRoutes(mount: Mount, service: EvidenceService): void {
  mount(evidenceRoutes.listEvidencePacks, ({ params }) => ({ packs: service.list(params.jobId) }));
  mount(evidenceRoutes.makeEvidencePack, ({ params, staff }) =>
    service.make(params.jobId, `${staff.displayName} (${staff.username})`, Date.now()),
  );
  mount(evidenceRoutes.downloadEvidencePack, ({ params, reply }) => {
    const file = service.file(params.jobId, params.packId);
    if (!file)
      throw new AppError(404, 'EVIDENCE_PACK_NOT_FOUND', 'this evidence pack is not kept (any more); make a new one');
    void reply
      .header('content-type', 'application/zip')
      .header('content-length', String(file.bytes))
      .header('content-disposition', `attachment; filename="${file.name}"`);
    return createReadStream(file.path);
  });
}
