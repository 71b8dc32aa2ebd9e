// Talks to the hub's pairing routes (kioskRoutes in the protocol). Every answer is parsed with the
// contract's schema; anything else is an error with a stable code.
import {
  ApiError,
  SCREEN_CREDENTIAL_HEADER,
  SCREEN_PAIRING_SECRET_HEADER,
  SCREEN_REVOKED_CODE,
  ScreenIdentitySchema,
  ScreenPairingStatusSchema,
  kioskRoutes,
  type PairingCode,
  type PairingSecret,
  type ScreenIdentity,
  type ScreenPairingRequest,
  type ScreenPairingStatus,
} from '@glassbay/protocol';

export type PairingClientErrorCode = 'HUB_UNREACHABLE' | 'PAIRING_UNSUPPORTED' | 'HUB_BAD_ANSWER';

export class PairingClientError extends Error {
  constructor(
    readonly code: PairingClientErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PairingClientError';
  }
}

export type SelfCheck = { status: 'paired'; screen: ScreenIdentity } | { status: 'revoked' };

export interface PairingClient {
  requestPairing(request: ScreenPairingRequest): Promise<{ expiresAt: number }>;
  /** Ask about a code, with the secret it was announced with (only that proves it is this screen's). */
  pairingStatus(code: PairingCode, secret: PairingSecret): Promise<ScreenPairingStatus>;
  checkSelf(credential: string): Promise<SelfCheck>;
}

export function httpPairingClient(hubOrigin: string, fetchFn: typeof fetch = fetch): PairingClient {
  const call = async (path: string, init?: RequestInit): Promise<{ status: number; body: unknown }> => {
    let res: Response;
    try {
      res = await fetchFn(new URL(path, hubOrigin), { ...init, signal: AbortSignal.timeout(10_000) });
    } catch (err) {
      throw new PairingClientError(
        'HUB_UNREACHABLE',
        `The hub at ${hubOrigin} did not answer (${(err as Error).message}); check the network and that the hub runs.`,
      );
    }
    const body: unknown = await res.json().catch(() => null);
    if (res.status === 404 || res.status === 405) {
      throw new PairingClientError(
        'PAIRING_UNSUPPORTED',
        `The hub at ${hubOrigin} does not offer screen pairing (${path} answered ${res.status}); update the hub.`,
      );
    }
    return { status: res.status, body };
  };

  const parse = <T>(schema: { safeParse(v: unknown): { success: true; data: T } | { success: false } }, v: unknown) => {
    const result = schema.safeParse(v);
    if (!result.success) {
      throw new PairingClientError(
        'HUB_BAD_ANSWER',
        'The hub answered pairing in an unexpected shape; update the hub.',
      );
    }
    return result.data;
  };

  const expectOk = (r: { status: number; body: unknown }, what: string) => {
    if (r.status >= 200 && r.status < 300) return r.body;
    const err = ApiError.safeParse(r.body);
    const reason = err.success ? `${err.data.error.code}: ${err.data.error.message}` : `HTTP ${r.status}`;
    throw new PairingClientError('HUB_BAD_ANSWER', `The hub refused ${what} (${reason}).`);
  };

  return {
    async requestPairing(request) {
      const r = await call(kioskRoutes.requestScreenPairing.path, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(request),
      });
      return parse(kioskRoutes.requestScreenPairing.response, expectOk(r, 'the pairing request'));
    },
    async pairingStatus(code, secret) {
      const path = kioskRoutes.getScreenPairing.path.replace(':code', encodeURIComponent(code));
      const r = await call(path, { headers: { [SCREEN_PAIRING_SECRET_HEADER]: secret } });
      return parse(ScreenPairingStatusSchema, expectOk(r, 'the pairing status'));
    },
    async checkSelf(credential) {
      const r = await call(kioskRoutes.getScreenSelf.path, { headers: { [SCREEN_CREDENTIAL_HEADER]: credential } });
      if (r.status === 401 || r.status === 403) {
        const err = ApiError.safeParse(r.body);
        // Only the hub's explicit word unpairs a screen; any other refusal may be a passing fault.
        if (err.success && err.data.error.code === SCREEN_REVOKED_CODE) return { status: 'revoked' };
      }
      return { status: 'paired', screen: parse(ScreenIdentitySchema, expectOk(r, 'the screen credential')) };
    },
  };
}
