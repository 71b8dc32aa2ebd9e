// Talking to the queue of a real hub as the kiosk and the desk do: plain fetch with JSON.
import { randomBytes } from 'node:crypto';
import type { CheckInReceipt, CheckInRequest } from '@glassbay/protocol';

export interface Answer<T = unknown> {
  status: number;
  body: T;
  headers: Headers;
}

export async function call<T = unknown>(
  url: string,
  method: string,
  body?: unknown,
  cookie?: string,
): Promise<Answer<T>> {
  const res = await fetch(url, {
    method,
    headers: {
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      ...(cookie ? { cookie } : {}),
    },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T, headers: res.headers };
}

export const attemptId = () => `t_${randomBytes(12).toString('base64url')}`;

export function walkIn(over: Partial<CheckInRequest> & { plate?: string; phone?: string; mode?: 'cn' | 'latin' } = {}) {
  const { plate = '粤B12345', phone = '13812345678', mode = 'cn', ...rest } = over;
  return {
    attemptId: attemptId(),
    lang: 'zh-CN',
    identity: { by: 'plate', plate: { mode, text: plate }, phone },
    mileageKm: 42000,
    categories: ['maintenance'],
    services: ['oil-change'],
    ...rest,
  } as CheckInRequest;
}

export const checkIn = (httpUrl: string, body: unknown) =>
  call<CheckInReceipt & { error?: { code: string; message: string; issues?: { path: string }[] } }>(
    `${httpUrl}/api/checkin`,
    'POST',
    body,
  );

export const lookup = (httpUrl: string, plate: string, last4: string) =>
  call<{ verified: boolean; proof?: string; error?: { code: string } } & Record<string, unknown>>(
    `${httpUrl}/api/checkin/lookup`,
    'POST',
    { plate: { mode: 'cn', text: plate }, last4 },
  );

export const desk = (httpUrl: string, cookie: string, deskId: string, action: string, body?: unknown) =>
  call<{
    desk: { ticketId: string | null };
    ticket: { id: string; number: string; status: string } | null;
    jobId?: string | null;
    error?: { code: string };
  }>(`${httpUrl}/api/desks/${deskId}/${action}`, 'POST', body, cookie);
