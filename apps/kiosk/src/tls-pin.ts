// A hub serving HTTPS with its own certificate (GLASSBAY_TLS=on) has no CA a screen could know: the
// installer writes the certificate's SHA-256 fingerprint (the hub logs it at start) into kiosk.json,
// and the shell trusts exactly that certificate. Two doors need it: Chromium's, which loads the
// screens (Electron's certificate verify proc), and Node's, which the shell itself uses to pair and to
// challenge the hub (a fetch whose TLS connection is checked against the pin before a byte of the
// request, and so before the screen's credential, is written). Electron-free: main.ts wires it.
import { X509Certificate } from 'node:crypto';
import { Agent, request } from 'node:https';
import { connect, type ConnectionOptions, type TLSSocket } from 'node:tls';

/** Electron's verify proc answers: accept, refuse, or let Chromium verify as it would. */
export const VERIFY = { accept: 0, refuse: -2, chromium: -3 } as const;

/** The SHA-256 fingerprint of a PEM certificate, as the hub prints it ("AB:CD:…"). */
export const fingerprintOf = (pem: string): string | null => {
  try {
    return new X509Certificate(pem).fingerprint256;
  } catch {
    return null;
  }
};

/**
 * For `session.setCertificateVerifyProc`: the pinned certificate is accepted wherever it is shown
 * (it can only be the hub's own); any other is left to Chromium, which refuses a self-signed one.
 */
export function pinnedVerifyProc(pin: string) {
  return (req: { certificate: { data: string } }, callback: (result: number) => void): void =>
    callback(fingerprintOf(req.certificate.data) === pin ? VERIFY.accept : VERIFY.chromium);
}

export class CertificateNotPinnedError extends Error {
  readonly code = 'KIOSK_CERT_NOT_PINNED';
}

/**
 * A fetch for the shell's own requests to a hub serving HTTPS with the pinned certificate. http:
 * URLs go to `plain`. The TLS connection is accepted only if the hub presents the pinned
 * certificate; failures reject as Node's fetch does (a TypeError whose `cause` has the socket's code).
 */
export function pinnedFetch(pin: string, plain: typeof fetch = fetch): typeof fetch {
  const agent = new Agent({ keepAlive: false });
  // The request is written only once this hands over the socket: after the certificate was checked.
  (agent as unknown as { createConnection: unknown }).createConnection = (
    options: ConnectionOptions,
    done: (err: Error | null, socket?: TLSSocket) => void,
  ): undefined => {
    let answered = false;
    const once = (err: Error | null, socket?: TLSSocket) => {
      if (answered) return;
      answered = true;
      done(err, socket);
    };
    // The hub's certificate is self-signed: no CA can vouch for it, the pin does.
    const socket = connect({ ...options, rejectUnauthorized: false });
    socket.once('secureConnect', () => {
      const seen = socket.getPeerCertificate().fingerprint256;
      if (seen === pin) return once(null, socket);
      socket.destroy();
      once(new CertificateNotPinnedError(`the hub's certificate ${seen ?? '(none)'} is not the one pinned (${pin})`));
    });
    socket.once('error', (err) => once(err));
    return undefined;
  };

  return (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    if (url.protocol !== 'https:') return plain(input, init);
    const method = (init.method ?? 'GET').toUpperCase();
    const headers = Object.fromEntries(new Headers(init.headers).entries());
    const body = init.body == null ? undefined : typeof init.body === 'string' ? init.body : String(init.body);
    return new Promise<Response>((resolve, reject) => {
      // The installer reads the log: a certificate that is not the pinned one says so.
      const failed = (err: Error) =>
        reject(new TypeError(err instanceof CertificateNotPinnedError ? err.message : 'fetch failed', { cause: err }));
      const req = request(url, { method, headers, agent, ...(init.signal ? { signal: init.signal } : {}) }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', failed);
        res.on('end', () => {
          const status = res.statusCode ?? 502;
          const empty = method === 'HEAD' || status === 204 || status === 304;
          const h = new Headers();
          for (const [k, v] of Object.entries(res.headers))
            for (const one of Array.isArray(v) ? v : v === undefined ? [] : [v]) h.append(k, one);
          resolve(new Response(empty ? null : Buffer.concat(chunks), { status, headers: h }));
        });
      });
      req.on('error', failed);
      req.end(body);
    });
  }) as typeof fetch;
}
