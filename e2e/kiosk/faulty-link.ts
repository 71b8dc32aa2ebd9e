// The network between a screen and its hub, with faults on demand: a TCP proxy on another loopback
// address (same port as the hub, so the hub still recognises the origin as its own) that passes
// traffic, answers every new request with 503, accepts and never answers (a hub that hangs), or
// resets every connection (a network drop). Changing the fault cuts the connections already open,
// as a real outage would.
import { connect, createServer, type Server, type Socket } from 'node:net';

export type LinkFault = 'none' | 'http-503' | 'hang' | 'drop';

const RESPONSE_503 =
  'HTTP/1.1 503 Service Unavailable\r\ncontent-type: text/html; charset=utf-8\r\nconnection: close\r\n' +
  'content-length: 44\r\n\r\n<!doctype html><h1>503 hub starting</h1>\n\n';

export class FaultyLink {
  fault: LinkFault = 'none';
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;

  constructor(
    /** Where the screen connects, e.g. 127.0.0.3. */
    readonly host: string,
    private readonly target: () => { host: string; port: number },
  ) {}

  get origin(): string {
    return `http://${this.host}:${this.target().port}`;
  }

  async listen(): Promise<void> {
    const server = createServer((client) => this.accept(client));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.target().port, this.host, () => resolve());
    });
  }

  private track(s: Socket): void {
    this.sockets.add(s);
    s.on('close', () => this.sockets.delete(s));
    s.on('error', () => undefined);
  }

  private accept(client: Socket): void {
    this.track(client);
    switch (this.fault) {
      case 'drop':
        client.resetAndDestroy();
        return;
      case 'hang':
        return; // accepted, read, never answered
      case 'http-503':
        client.once('data', () => client.end(RESPONSE_503));
        return;
      case 'none': {
        const upstream = connect(this.target());
        this.track(upstream);
        client.pipe(upstream).pipe(client);
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        return;
      }
    }
  }

  /** Set the fault; connections already open are cut, as in a real outage. */
  set(fault: LinkFault): void {
    this.fault = fault;
    for (const s of this.sockets) s.destroy();
    this.sockets.clear();
  }

  async close(): Promise<void> {
    this.set('drop');
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
