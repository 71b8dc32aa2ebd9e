// A stranger on the shop's network that answers for the hub: it has a key of its own (it signs
// properly, just not as the hub), serves a page to anyone, and records every request it gets with
// the screen credential it carried, which must never be one.
import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { HubChallengeSchema, SCREEN_CREDENTIAL_HEADER, hubProofMessage, kioskRoutes } from '@glassbay/protocol';

export class Stranger {
  readonly requests: { url: string; credential: string | undefined }[] = [];
  private server: Server | null = null;

  constructor(
    readonly host: string,
    readonly port: number,
    private readonly hubId: string,
  ) {}

  get origin(): string {
    return `http://${this.host}:${this.port}`;
  }

  async listen(): Promise<void> {
    const key = generateKeyPairSync('ed25519');
    const publicKey = key.publicKey.export({ format: 'der', type: 'spki' }).toString('base64');
    this.server = createServer((req, res) => {
      const credential = req.headers[SCREEN_CREDENTIAL_HEADER];
      this.requests.push({ url: req.url ?? '', credential: typeof credential === 'string' ? credential : undefined });
      let raw = '';
      req.on('data', (c: Buffer) => (raw += c.toString()));
      req.on('end', () => {
        if (req.url === kioskRoutes.proveHubIdentity.path) {
          const challenge = HubChallengeSchema.parse(JSON.parse(raw));
          const signature = sign(null, Buffer.from(hubProofMessage(challenge)), key.privateKey).toString('base64');
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end(JSON.stringify({ hubId: this.hubId, publicKey, signature }));
          return;
        }
        res.writeHead(200, { 'content-type': 'text/html' });
        res.end('<!doctype html><h1>Not your hub</h1>');
      });
    });
    await new Promise<void>((r) => this.server!.listen(this.port, this.host, () => r()));
  }

  close = () => new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
}
