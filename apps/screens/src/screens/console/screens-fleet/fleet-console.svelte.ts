// The console's view of the fleet: the hub pushes the whole fleet on the fleet namespace whenever it
// changes (a screen connects, reports, is approved); actions go over REST with the staff session
// (lib/api/client.ts).
import {
  FLEET_NAMESPACE,
  FleetEvents,
  FleetRefusals,
  type FleetServerEvents,
  type FleetView,
} from '@glassbay/protocol';
import { io, type Socket } from 'socket.io-client';

export type FleetStatus = 'connecting' | 'live' | 'offline' | 'sign-in' | 'forbidden';

export class FleetConsole {
  view = $state<FleetView | null>(null);
  status = $state<FleetStatus>('connecting');
  readonly #socket: Socket<FleetServerEvents, Record<string, never>>;

  constructor() {
    this.#socket = io(FLEET_NAMESPACE, {
      auth: { audience: 'staff' },
      transports: ['websocket', 'polling'],
      reconnectionDelayMax: 5_000,
    });
    this.#socket.on(FleetEvents.view, (v) => {
      this.view = v;
      this.status = 'live';
    });
    this.#socket.on('connect_error', (err) => {
      if (err.message === FleetRefusals.staffLogin) this.status = 'sign-in';
      else if (err.message === FleetRefusals.role) this.status = 'forbidden';
      else this.status = 'offline';
    });
    this.#socket.on('disconnect', (reason) => {
      this.status = 'offline';
      // The hub drops a console whose session ended; a fresh sign-in reconnects it.
      if (reason === 'io server disconnect') setTimeout(() => this.#socket.connect(), 5_000);
    });
  }

  close(): void {
    this.#socket.close();
  }
}
