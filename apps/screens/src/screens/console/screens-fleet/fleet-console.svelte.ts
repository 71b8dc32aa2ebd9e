// The console's view of the fleet: the hub pushes the whole fleet on the fleet namespace whenever it
// changes (a screen connects, reports, is approved); actions go over REST with the staff session.
import {
  ApiError,
  FLEET_NAMESPACE,
  FleetEvents,
  FleetRefusals,
  type FleetServerEvents,
  type FleetView,
  type RouteDef,
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

/** A refused request: the hub's stable code and sentence. */
export class FleetActionError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** A route's body and answer types, read off its schemas (the screens app does not import zod itself). */
type Parsed<S> = S extends { parse(v: unknown): infer T } ? T : undefined;

/** Call one of the protocol's routes; the answer is parsed with the route's own schema. */
export async function callRoute<R extends RouteDef>(
  route: R,
  params: Record<string, string>,
  body?: Parsed<R['body']>,
): Promise<Parsed<R['response']>> {
  const path = route.path.replace(/:([A-Za-z]+)/g, (_, k: string) => encodeURIComponent(params[k] ?? ''));
  let res: Response;
  try {
    res = await fetch(path, {
      method: route.method,
      headers: body !== undefined ? { 'content-type': 'application/json' } : {},
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
  } catch {
    throw new FleetActionError('HUB_UNREACHABLE', 'the hub did not answer');
  }
  const json: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const err = ApiError.safeParse(json);
    throw err.success
      ? new FleetActionError(err.data.error.code, err.data.error.message)
      : new FleetActionError('HUB_BAD_ANSWER', `HTTP ${res.status}`);
  }
  return route.response.parse(json) as Parsed<R['response']>;
}
