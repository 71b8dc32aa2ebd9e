// Domain vocabulary shared by hub and screens. Plain data; rules live in the hub's domain code.
import { z } from 'zod';
import { ID_PATTERN } from './topics.ts';
import { type doorStates, type liftPositions } from './payloads.ts';

export const deviceKinds = ['bay-sensor', 'wristband', 'camera', 'gateway'] as const;
export type DeviceKind = (typeof deviceKinds)[number];
// Pure: a screen importing the vocabulary alone does not bundle zod.
export const DeviceKindSchema = /* @__PURE__ */ z.enum(deviceKinds);

export const IdSchema = /* @__PURE__ */ z
  .string()
  .regex(ID_PATTERN, 'lower-case letters, digits and dashes, 1–40 characters');

export type LiftPosition = (typeof liftPositions)[number];
export type DoorState = (typeof doorStates)[number];

/** A sensor as the bay board sees it. */
export interface BaySensorView {
  id: string;
  online: boolean;
  /** Hub time of the last accepted reading or status, epoch ms. */
  lastSeen: number | null;
  /** Sequence number of the last accepted reading. */
  seq: number | null;
}

/** One workshop bay. `since` is when `occupied` last changed, in hub time. */
export interface BayView {
  id: string;
  name: string;
  position: number;
  occupied: boolean | null;
  lift: LiftPosition | null;
  door: DoorState | null;
  since: number | null;
  sensors: BaySensorView[];
}

/** A device as staff see it (never on public screens). */
export interface DeviceView {
  id: string;
  kind: DeviceKind;
  bayId: string | null;
  online: boolean;
  battery: number | null;
  firmware: string | null;
  lastSeen: number | null;
}

export const jobStages = [
  'checked-in',
  'waiting',
  'inspection',
  'awaiting-approval',
  'in-service',
  'quality-check',
  'washing',
  'ready',
  'delivered',
  'cancelled',
] as const;
export type JobStage = (typeof jobStages)[number];

export const staffRoles = ['advisor', 'manager', 'admin'] as const;
export type StaffRole = (typeof staffRoles)[number];
/** Who may call an operation: anyone, a paired device or screen, or staff of at least a role. */
export type Access = 'public' | StaffRole;
