// Before the shell sends its credential anywhere, the hub at that address proves it is the hub this
// screen paired with: it signs a fresh nonce and the origin with its Ed25519 key (kioskRoutes.
// proveHubIdentity). An unpaired screen records the key it sees (trust on first use, at the moment
// staff approve it in the console); a paired one accepts only that key from then on.
import { createPublicKey, verify } from 'node:crypto';
import { HubProofSchema, hubProofMessage, kioskRoutes, type HubChallenge, type PinnedHub } from '@glassbay/protocol';

export type HubTrust =
  | { ok: true; hub: PinnedHub | null }
  | { ok: false; code: 'HUB_UNREACHABLE' | 'HUB_NOT_PINNED' | 'HUB_BAD_PROOF'; message: string };

/** Whether `signature` is the holder of `publicKey` signing this challenge. */
export function proofHolds(challenge: HubChallenge, proof: { publicKey: string; signature: string }): boolean {
  try {
    const key = createPublicKey({ key: Buffer.from(proof.publicKey, 'base64'), format: 'der', type: 'spki' });
    if (key.asymmetricKeyType !== 'ed25519') return false;
    return verify(null, Buffer.from(hubProofMessage(challenge)), key, Buffer.from(proof.signature, 'base64'));
  } catch {
    return false;
  }
}

/**
 * Challenge the hub at `origin`. `pinned` is the hub this screen paired with (null: not paired yet, or
 * paired before hubs had keys). A hub without the route is taken only by a screen with no pin.
 */
export async function checkHub(
  origin: string,
  pinned: PinnedHub | null,
  deps: { fetch: typeof fetch; randomBytes: (n: number) => Uint8Array; timeoutMs?: number },
): Promise<HubTrust> {
  const challenge: HubChallenge = { nonce: Buffer.from(deps.randomBytes(32)).toString('hex'), origin };
  let res: Response;
  try {
    res = await deps.fetch(new URL(kioskRoutes.proveHubIdentity.path, origin), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(challenge),
      signal: AbortSignal.timeout(deps.timeoutMs ?? 10_000),
    });
  } catch (err) {
    return { ok: false, code: 'HUB_UNREACHABLE', message: `${origin} did not answer (${(err as Error).message})` };
  }
  if (res.status === 404 && pinned === null) return { ok: true, hub: null };
  // A hub starting up (503), a proxy's 502: not an answer either way yet.
  if (res.status >= 500)
    return { ok: false, code: 'HUB_UNREACHABLE', message: `${origin} is not ready (HTTP ${res.status})` };
  const body: unknown = await res.json().catch(() => null);
  const proof = HubProofSchema.safeParse(body);
  if (!res.ok || !proof.success) {
    return { ok: false, code: 'HUB_BAD_PROOF', message: `${origin} gave no proof of identity (HTTP ${res.status})` };
  }
  if (!proofHolds(challenge, proof.data)) {
    return { ok: false, code: 'HUB_BAD_PROOF', message: `${origin} signed with a key it does not hold` };
  }
  if (pinned !== null && proof.data.publicKey !== pinned.publicKey) {
    return {
      ok: false,
      code: 'HUB_NOT_PINNED',
      message: `${origin} is not the hub ${pinned.hubId} this screen paired with`,
    };
  }
  return { ok: true, hub: { hubId: proof.data.hubId, publicKey: proof.data.publicKey } };
}
