// The socket.io contract between hub and screens. A screen receives a snapshot with a revision on
// connect, then ordered patches; when a patch's revision is not exactly one more than the last it
// applied (or the epoch changed: the hub restarted), it asks for a fresh snapshot. Patches travel in
// batches: everything the hub changed in one turn of its event loop, in revision order, in one
// message (at a thousand sensor readings a second, one frame per change per screen is most of the
// hub's work).
import type { BayView, DeviceView } from './domain.ts';
import type { CameraView } from './video.ts';
import type { CallView, DeskView, LaneView, TicketView } from './queue.ts';
import type { JobView, PublicJobView } from './jobs.ts';
import type { BayNotice } from './jobs-api.ts';
import type { AlertView } from './wristbands.ts';
import type { StaffRole } from './domain.ts';
import { hasRole } from './staff-access.ts';

/** Every collection a screen may hold, keyed by id. Later issues add collections here. */
export interface ScreenCollections {
  bays: BayView;
  devices: DeviceView;
  cameras: CameraView;
  /** Staff screens get `JobView`s, public screens `PublicJobView`s of active jobs only. */
  jobs: JobView | PublicJobView;
  /** Staff only: a bay sensor that contradicts the jobs (a car on a bay with no job). */
  bayNotices: BayNotice;
  /** Queue tickets; public screens get them without `staff` (masked plate, never a phone). */
  tickets: TicketView;
  lanes: LaneView;
  desks: DeskView;
  /** The last few calls to a desk, which the queue board announces. */
  calls: CallView;
  /** Staff only, never public: wristband alerts (a step cut short, running long, never done). */
  alerts: AlertView;
  /** Staff only: the hub's own trouble that staff must see (storage full or failing). */
  hubNotices: HubNotice;
}

/** Why the hub is not doing its whole job; the console shows it until it clears by itself. */
export interface HubNotice {
  id: string;
  /** A stable code the console says in its language, e.g. `storage_disk_low`, `storage_write_failed`. */
  code: string;
  /** Since when, epoch ms. */
  since: number;
  /** Figures for the sentence (free space, reserve), in the hub's words. */
  detail: string | null;
}
export type CollectionName = keyof ScreenCollections;
export const collectionNames = [
  'bays',
  'devices',
  'cameras',
  'jobs',
  'bayNotices',
  'tickets',
  'lanes',
  'desks',
  'calls',
  'alerts',
  'hubNotices',
] as const satisfies readonly CollectionName[];

export type ScreenState = { [K in CollectionName]: Record<string, ScreenCollections[K]> };

export interface Snapshot {
  /** Changes on every hub start; a screen that sees a new epoch resynchronises. */
  epoch: string;
  rev: number;
  state: ScreenState;
}

/** One upsert (`value`) or removal (`value: null`) in one collection. */
export type Patch = {
  [K in CollectionName]: {
    epoch: string;
    rev: number;
    collection: K;
    id: string;
    value: ScreenCollections[K] | null;
  };
}[CollectionName];

/**
 * Who a socket speaks for; decided by the hub from the handshake, never by the screen alone. A screen
 * asks for `public` or `staff`; a signed-in manager (or admin) is put in `managers`, which sees all
 * that staff see plus the wristband alerts. Alerts concern a technician's work: they go to managers,
 * not to every signed-in advisor (and to the technician concerned once staff accounts are issued to
 * technicians: a per-person audience, not yet in this contract).
 */
export const audiences = ['public', 'staff', 'managers'] as const;
export type Audience = (typeof audiences)[number];

/** What a screen may ask for in its handshake. */
export const requestedAudiences = ['public', 'staff'] as const;
export type RequestedAudience = (typeof requestedAudiences)[number];

export interface HandshakeAuth {
  audience: RequestedAudience;
}

/** The audience of a signed-in staff member's socket, by role. */
export const staffAudience = (role: StaffRole): Exclude<Audience, 'public'> =>
  hasRole(role, 'manager') ? 'managers' : 'staff';

/** Staff and managers: everyone signed in. */
export const isStaffAudience = (a: Audience): boolean => a !== 'public';

export const SocketEvents = {
  snapshot: 'state:snapshot',
  patches: 'state:patches',
  resync: 'state:resync',
} as const;

export interface ServerToClientEvents {
  [SocketEvents.snapshot]: (snapshot: Snapshot) => void;
  /** One or more patches, in revision order. */
  [SocketEvents.patches]: (patches: Patch[]) => void;
}

export interface ClientToServerEvents {
  [SocketEvents.resync]: (reason: string) => void;
}

export function emptyState(): ScreenState {
  return {
    bays: {},
    devices: {},
    cameras: {},
    jobs: {},
    bayNotices: {},
    tickets: {},
    lanes: {},
    desks: {},
    calls: {},
    alerts: {},
    hubNotices: {},
  };
}

/** Apply a patch to a state in place. Shared by every screen's live store and by tests. */
export function applyPatch(state: ScreenState, patch: Patch): void {
  const coll = state[patch.collection] as Record<string, unknown>;
  if (patch.value === null) delete coll[patch.id];
  else coll[patch.id] = patch.value;
}

/** The snapshot epoch and revision a screen holds. */
export interface Held {
  epoch: string;
  rev: number;
}

/**
 * What a screen does with an incoming patch, given what it holds:
 * - `apply`: the next revision of the same epoch.
 * - `stale`: a revision the held state already includes (sent before a snapshot it received).
 * - `gap`: no state yet, a new epoch (the hub restarted) or a missed revision: ask for a snapshot.
 */
export type PatchVerdict = 'apply' | 'stale' | 'gap';

export function patchVerdict(held: Held | null, patch: Held): PatchVerdict {
  if (!held || patch.epoch !== held.epoch) return 'gap';
  if (patch.rev === held.rev + 1) return 'apply';
  return patch.rev <= held.rev ? 'stale' : 'gap';
}
