// Calling the hub's REST API from a screen: same origin (the staff session cookie rides along), JSON
// in and out, and every failure as the hub's stable code with its sentence.
import type { ApiError } from '@glassbay/protocol';

export class ApiFailure extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** `/api/jobs/:jobId/stage` with `{ jobId: 7 }` → `/api/jobs/7/stage`. */
export function fillPath(path: string, params: Record<string, string | number> = {}): string {
  return path.replace(/:(\w+)/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined) throw new Error(`no value for :${name} in ${path}`);
    return encodeURIComponent(String(v));
  });
}

export async function api<T>(
  method: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  path: string,
  opts: { params?: Record<string, string | number>; body?: unknown } = {},
): Promise<T> {
  let res: Response;
  try {
    res = await fetch(fillPath(path, opts.params), {
      method,
      credentials: 'same-origin',
      headers: opts.body === undefined ? {} : { 'content-type': 'application/json' },
      ...(opts.body === undefined ? {} : { body: JSON.stringify(opts.body) }),
    });
  } catch {
    throw new ApiFailure(0, 'HUB_UNREACHABLE', 'the hub cannot be reached');
  }
  const data = (await res.json().catch(() => null)) as unknown;
  if (!res.ok) {
    const err = (data as ApiError | null)?.error;
    throw new ApiFailure(res.status, err?.code ?? 'HTTP_ERROR', err?.message ?? res.statusText);
  }
  return data as T;
}
