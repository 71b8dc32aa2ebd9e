// The screens' one client for the hub's REST API, typed by the protocol's route table: a call names
// a route (`api('moveJob', { params: { jobId }, body: { to } })`), and its params, query, body and
// answer take their types from that route's schemas. Same origin, so the staff session cookie rides
// along; every failure is a HubError with the hub's stable code (errors.ts).
import { ApiError, routes, type Routes } from '@glassbay/protocol';
import { HUB_UNREACHABLE, HubError } from './errors.ts';

/** What a schema accepts and what it yields, read off zod's own type slots (the app does not import zod). */
type In<S> = S extends { _zod: { input: infer I } } ? I : never;
type Out<S> = S extends { _zod: { output: infer O } } ? O : never;

/** A route without params (or query, or body) leaves that slot's schema as the bare `ZodType`: unknown. */
type Slot<K extends string, S> = unknown extends In<S> ? { [P in K]?: never } : { [P in K]: In<S> };

export type RouteName = keyof Routes;
export type RouteInput<N extends RouteName> = Slot<'params', Routes[N]['params']> &
  Slot<'query', Routes[N]['query']> &
  Slot<'body', Routes[N]['body']>;
export type RouteAnswer<N extends RouteName> = Out<Routes[N]['response']>;

export interface CallOptions {
  /** Extra headers, such as a screen's pairing secret or credential. */
  headers?: Record<string, string>;
  /** Give up after this long (the call fails as HUB_UNREACHABLE); the client's default otherwise. */
  timeoutMs?: number;
}

type Args<N extends RouteName> =
  object extends RouteInput<N> ? [input?: RouteInput<N> & CallOptions] : [input: RouteInput<N> & CallOptions];

export interface ClientOptions {
  /** Stand-in for the browser's fetch (the pairing flow's tests hand in a scripted hub). */
  fetch?: typeof fetch;
  /** Prefix of every path: '' in the browser (same origin); a hub's URL in a Node test. */
  baseUrl?: string;
  /** A limit for every call, for screens that must say "no hub" within seconds (the kiosk). */
  timeoutMs?: number;
}

export type ApiCall = <N extends RouteName>(name: N, ...args: Args<N>) => Promise<RouteAnswer<N>>;

/** `/api/jobs/:jobId/stage` with `{ jobId: 7 }` → `/api/jobs/7/stage`. */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(String(v as string | number));
  });
}

function queryString(query: Record<string, unknown> | undefined): string {
  if (!query) return '';
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== null) q.set(k, String(v as string));
  const s = q.toString();
  return s ? `?${s}` : '';
}

export function createApi(options: ClientOptions = {}): ApiCall {
  const send = options.fetch ?? ((input: RequestInfo | URL, init?: RequestInit) => fetch(input, init));
  const base = options.baseUrl ?? '';
  return async (name, ...[input]) => {
    const route = routes[name];
    const { params, query, body, headers, timeoutMs } = (input ?? {}) as {
      params?: Record<string, unknown>;
      query?: Record<string, unknown>;
      body?: unknown;
    } & CallOptions;
    const limit = timeoutMs ?? options.timeoutMs;
    const url = base + fillPath(route.path, params) + queryString(query);
    let res: Response;
    try {
      res = await send(url, {
        method: route.method,
        credentials: 'same-origin',
        headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        ...(limit === undefined ? {} : { signal: AbortSignal.timeout(limit) }),
      });
    } catch {
      throw new HubError(0, HUB_UNREACHABLE, 'the hub did not answer');
    }
    const data = (await res.json().catch(() => null)) as unknown;
    if (res.ok) return data as RouteAnswer<typeof name>;
    const refusal = ApiError.safeParse(data);
    if (refusal.success) {
      const { code, message } = refusal.data.error;
      throw new HubError(res.status, code, message);
    }
    // A proxy or a restarting hub answers 502/503 without our error body: as good as unreachable.
    if (res.status >= 500) throw new HubError(res.status, HUB_UNREACHABLE, res.statusText);
    throw new HubError(res.status, 'HTTP_ERROR', res.statusText || `HTTP ${res.status}`);
  };
}

/** The client every screen uses: same origin, no time limit beyond the browser's own. */
export const api: ApiCall = createApi();

/** Screens that must say "no hub" within seconds rather than spin: the check-in kiosk, the desk. */
export const QUICK_ANSWER_MS = 8_000;
export const quickApi: ApiCall = createApi({ timeoutMs: QUICK_ANSWER_MS });
