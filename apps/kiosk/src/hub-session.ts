// Once paired, the shell adds the screen's credential to every request it sends to its own hub,
// socket.io's WebSocket included, so the page can be served and addressed as this screen without
// the credential ever entering the page's JavaScript.
import { SCREEN_CREDENTIAL_HEADER } from '@glassbay/protocol';
import type { TrustedUrlCheck } from './trusted-url.ts';

export interface SendHeadersDetails {
  url: string;
  requestHeaders: Record<string, string>;
}

/** WebSocket URLs name the hub as ws(s)://; compare them as the http(s) origin they upgrade from. */
function asHttp(url: string): string {
  if (url.startsWith('ws://')) return `http://${url.slice(5)}`;
  if (url.startsWith('wss://')) return `https://${url.slice(6)}`;
  return url;
}

export function credentialHeaders(isTrusted: TrustedUrlCheck, credential: () => string | null) {
  return (details: SendHeadersDetails, callback: (response: { requestHeaders: Record<string, string> }) => void) => {
    const headers = { ...details.requestHeaders };
    // Never trust a header the page set itself; the shell alone speaks for the screen.
    for (const name of Object.keys(headers)) {
      if (name.toLowerCase() === SCREEN_CREDENTIAL_HEADER) delete headers[name];
    }
    const secret = credential();
    if (secret !== null && isTrusted(asHttp(details.url))) headers[SCREEN_CREDENTIAL_HEADER] = secret;
    callback({ requestHeaders: headers });
  };
}
