// Password hashing on a bounded lane. scrypt once ran on Node's four libuv worker threads beside the
// device-secret check (PBKDF2), and a flood of sign-ins queued there made a device's MQTT CONNECT
// wait seconds; it now runs on threads of its own at a low priority (hash-threads.ts), one per hash
// this lane lets run. At most two hashes run at once, and no more than half the machine's cores, so
// the event loop keeps a core of its own (on a 2-core box two scrypts took both, and a flood of
// wrong sign-ins slowed every device's PUBACK); a few more wait their turn, and past that a sign-in
// is refused at once (LOGIN_BUSY) instead of queueing without bound.
import { availableParallelism } from 'node:os';
import { AppError } from '../domain/errors.ts';

export const HASH_LANE = {
  running: Math.max(1, Math.min(2, Math.floor(availableParallelism() / 2))),
  waiting: 16,
} as const;

export function createLane(limits: { running: number; waiting: number }) {
  let running = 0;
  const queue: (() => void)[] = [];
  const next = () => {
    running--;
    queue.shift()?.();
  };
  return {
    async run<T>(work: () => Promise<T>): Promise<T> {
      if (running >= limits.running) {
        if (queue.length >= limits.waiting)
          throw new AppError(503, 'LOGIN_BUSY', 'the hub is busy checking other sign-ins; try again in a moment');
        await new Promise<void>((resolve) => queue.push(resolve));
      }
      running++;
      try {
        return await work();
      } finally {
        next();
      }
    },
  };
}

/** The hub's one lane for staff password hashes. */
export const hashLane = createLane(HASH_LANE);
