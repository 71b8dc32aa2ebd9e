// The kiosk shows its hub and nothing else. A URL is trusted only when, parsed by the WHATWG URL
// parser, it is http(s) with no user info and exactly the hub's origin. Never compare strings by
// prefix: "http://hub.local:8080@evil.example/" and "http://hub.local:8080.evil.example/" both start
// with the hub's address and go elsewhere.

export type TrustedUrlCheck = (url: string) => boolean;

/** The origin (scheme, host, port) of the hub's address; throws when it is not an http(s) URL. */
export function hubOrigin(hubUrl: string): string {
  const url = new URL(hubUrl);
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`hub address must be http(s), got ${url.protocol}`);
  }
  return url.origin;
}

export function isTrustedUrl(candidate: string, origin: string): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    // Relative and protocol-relative URLs do not parse without a base: nothing to trust.
    return false;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return false;
  // Credentials in a URL are a phishing shape even when the host matches; the hub never needs them.
  if (url.username !== '' || url.password !== '') return false;
  // URL normalises case, default ports and IDN to punycode, so equal origins really are the same site.
  return url.origin === origin;
}

export function trustedUrlCheck(hubUrl: string): TrustedUrlCheck {
  const origin = hubOrigin(hubUrl);
  return (url) => isTrustedUrl(url, origin);
}
