// The kiosk's calls to its hub: JSON over same-origin fetch with a time limit, so a kiosk whose hub
// has gone away says so within seconds instead of spinning. Every failure carries the hub's stable
// code, or HUB_UNREACHABLE when no answer came.
import type { ApiError } from '@glassbay/protocol';

export const HUB_UNREACHABLE = 'HUB_UNREACHABLE';
const TIMEOUT_MS = 8_000;

export class HubError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

export async function post<T>(path: string, body: unknown, timeoutMs = TIMEOUT_MS): Promise<T> {
  return request<T>('POST', path, body, timeoutMs);
}

export async function get<T>(path: string, timeoutMs = TIMEOUT_MS): Promise<T> {
  return request<T>('GET', path, undefined, timeoutMs);
}

async function request<T>(method: string, path: string, body: unknown, timeoutMs: number): Promise<T> {
  let res: Response;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch {
    throw new HubError(0, HUB_UNREACHABLE, 'the hub did not answer');
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data as ApiError | null)?.error;
    // A proxy or a restarting hub answers 502/503 without our error body: as good as unreachable.
    if (!err && res.status >= 500) throw new HubError(res.status, HUB_UNREACHABLE, res.statusText);
    throw new HubError(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? res.statusText);
  }
  return data as T;
}
