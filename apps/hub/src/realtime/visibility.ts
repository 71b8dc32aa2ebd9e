// Who may see what: each collection's value as each audience may see it, or undefined when hidden.
// Public screens never see devices, and (from the jobs issue on) only masked personal data.
import {
  isStaffAudience,
  isStaffJobView,
  type Audience,
  type CollectionName,
  type ScreenCollections,
  type ScreenState,
} from '@glassbay/protocol';
import { toPublicJob } from '../domain/jobs.ts';
import { publicDesk, publicTicket } from './queue-visibility.ts';

type Projector<K extends CollectionName> = (
  audience: Audience,
  value: ScreenCollections[K],
) => ScreenCollections[K] | undefined;

const staff = isStaffAudience;

const projectors: { [K in CollectionName]: Projector<K> } = {
  bays: (_audience, bay) => bay,
  devices: (audience, device) => (staff(audience) ? device : undefined),
  cameras: (audience, camera) => (staff(audience) ? camera : undefined),
  // Public boards: active jobs only, masked plate, no phone, name, technician or who moved it.
  jobs: (audience, job) => {
    if (!isStaffJobView(job)) return audience === 'public' ? job : undefined;
    return staff(audience) ? job : toPublicJob(job);
  },
  bayNotices: (audience, notice) => (staff(audience) ? notice : undefined),
  tickets: (audience, ticket) => (staff(audience) ? ticket : publicTicket(ticket)),
  lanes: (_audience, lane) => lane,
  desks: (audience, desk) => (staff(audience) ? desk : publicDesk(desk)),
  calls: (_audience, call) => call,
  // Wristband alerts concern a technician's work: managers only (realtime.ts in the protocol).
  alerts: (audience, alert) => (audience === 'managers' ? alert : undefined),
  hubNotices: (audience, notice) => (staff(audience) ? notice : undefined),
};

/** Which audiences see a collection at all (a removal is sent only to these). */
export const collectionAudiences: { [K in CollectionName]: readonly Audience[] } = {
  bays: ['public', 'staff', 'managers'],
  devices: ['staff', 'managers'],
  cameras: ['staff', 'managers'],
  jobs: ['public', 'staff', 'managers'],
  bayNotices: ['staff', 'managers'],
  tickets: ['public', 'staff', 'managers'],
  lanes: ['public', 'staff', 'managers'],
  desks: ['public', 'staff', 'managers'],
  calls: ['public', 'staff', 'managers'],
  alerts: ['managers'],
  hubNotices: ['staff', 'managers'],
};

export function project<K extends CollectionName>(
  audience: Audience,
  collection: K,
  value: ScreenCollections[K],
): ScreenCollections[K] | undefined {
  if (!collectionAudiences[collection].includes(audience)) return undefined;
  return projectors[collection](audience, value);
}

/** Project a whole state for one audience. */
export function projectState(audience: Audience, full: ScreenState): ScreenState {
  const out = {} as Record<CollectionName, Record<string, unknown>>;
  for (const name of Object.keys(full) as CollectionName[]) {
    const coll: Record<string, unknown> = {};
    for (const [id, v] of Object.entries(full[name])) {
      const p = project(audience, name, v as never);
      if (p !== undefined) coll[id] = p;
    }
    out[name] = coll;
  }
  return out as ScreenState;
}
