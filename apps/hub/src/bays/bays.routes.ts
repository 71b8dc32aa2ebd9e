// The bays' REST operations: the bay board's list and one bay.
import { routes } from '@glassbay/protocol';
import { AppError } from '../domain/errors.ts';
import type { Mount } from '../http/api.ts';
import type { BaysRepository } from './bays.repository.ts';

export function mountBayRoutes(mount: Mount, bays: Pick<BaysRepository, 'get' | 'list'>): void {
  mount(routes.listBays, () => ({ bays: bays.list() }));
  mount(routes.getBay, ({ params }) => {
    const bay = bays.get(params.bayId);
    if (!bay) throw new AppError(404, 'BAY_NOT_FOUND', `no bay "${params.bayId}"`);
    return bay;
  });
}
