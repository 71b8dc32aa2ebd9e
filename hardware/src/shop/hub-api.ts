// The shop's way into the hub: the HTTP API as the kiosk, the console and the phone use it, typed
// by the protocol's route table (the same schemas the hub validates with). A staff member is a
// session cookie from a real sign-in; a customer is nobody (public routes) or a follow token.
import { routes, type ApiError, type RouteDef } from '@glassbay/protocol';
import type { z } from 'zod';

type In<S> = [Exclude<S, undefined>] extends [z.ZodType] ? z.input<Exclude<S, undefined>> : undefined;
type Input<R extends RouteDef> = { params?: In<R['params']>; query?: In<R['query']>; body?: In<R['body']> };
export type Output<R extends RouteDef> = z.output<R['response']>;

/** A refusal or failure, with the hub's stable code and its sentence. */
export class HubRefused extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}

export interface HubApi {
  readonly baseUrl: string;
  /** Call a route; `session` is a staff member's cookie (from signIn) for staff routes. */
  call<R extends RouteDef>(route: R, input?: Input<R>, session?: string): Promise<Output<R>>;
  /** Sign in over the staff login route; returns the session cookie a browser would keep. */
  signIn(username: string, password: string): Promise<string>;
  /** A plain GET of a path on the hub (a clip, a playlist), as a phone would. */
  get(path: string): Promise<Response>;
}

function fill(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(String(v));
  });
}

export function createHubApi(baseUrl: string): HubApi {
  const base = baseUrl.replace(/\/+$/, '');

  async function send(route: RouteDef, input: Input<RouteDef>, session?: string): Promise<Response> {
    const query = input.query ? `?${new URLSearchParams(input.query as Record<string, string>)}` : '';
    const headers: Record<string, string> = {};
    if (input.body !== undefined) headers['content-type'] = 'application/json';
    if (session) headers.cookie = session;
    const res = await fetch(`${base}${fill(route.path, input.params as Record<string, unknown>)}${query}`, {
      method: route.method,
      headers,
      ...(input.body !== undefined ? { body: JSON.stringify(input.body) } : {}),
      // A hub on a busy machine answers slowly rather than not at all.
      signal: AbortSignal.timeout(60_000),
    });
    if (res.ok) return res;
    const err = ((await res.json().catch(() => null)) as ApiError | null)?.error;
    throw new HubRefused(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? res.statusText);
  }

  return {
    baseUrl: base,
    async call(route, input = {}, session) {
      // One more try when the answer was lost on the way (not when the hub refused): every write the
      // shop makes either is idempotent (check-in's attempt id) or is refused the second time.
      const res = await send(route, input, session).catch((err: unknown) => {
        if (err instanceof HubRefused) throw err;
        return send(route, input, session);
      });
      // Parsed by the contract's own schema: a hub that drifted from it fails loudly here.
      return route.response.parse(await res.json()) as never;
    },
    async signIn(username, password) {
      const res = await send(routes.login, { body: { username, password } });
      const cookie = res.headers
        .getSetCookie()
        .map((c) => c.split(';')[0])
        .join('; ');
      if (!cookie) throw new Error('the hub answered the sign-in without a session cookie');
      return cookie;
    },
    get: (path) => fetch(`${base}${path}`, { signal: AbortSignal.timeout(60_000) }),
  };
}

/** A staff member at work: their calls carry their session, signed in again if it lapsed. */
export interface StaffMember {
  readonly username: string;
  readonly name: string;
  call<R extends RouteDef>(route: R, input?: Input<R>): Promise<Output<R>>;
}

export function staffMember(
  api: HubApi,
  who: { username: string; name: string; password: string; session: string },
): StaffMember {
  let session = who.session;
  return {
    username: who.username,
    name: who.name,
    async call(route, input) {
      try {
        return await api.call(route, input, session);
      } catch (err) {
        if (!(err instanceof HubRefused) || err.status !== 401) throw err;
        session = await api.signIn(who.username, who.password);
        return api.call(route, input, session);
      }
    },
  };
}
