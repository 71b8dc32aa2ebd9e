// The fleet link of a paired screen: a socket on the hub's fleet namespace (multiplexed on the state
// link's connection) over which the screen reports its health and obeys the console: reload, show
// another role, send a screenshot, forget its pairing. Runs on role pages only, and only when paired.
import {
  FLEET_HEALTH_INTERVAL_MS,
  FLEET_NAMESPACE,
  FleetEvents,
  FleetRefusals,
  PAIRING_PAGE_PATH,
  type FleetClientEvents,
  type FleetServerEvents,
  type KioskApi,
  type KioskInfo,
  type ScreenCommand,
  type ScreenIdentity,
} from '@glassbay/protocol';
import { io, type Socket } from 'socket.io-client';
import { captureScreen } from './capture.ts';
import { pageHeap, screenHealth } from './health.ts';
import { browserScreen, isRolePage, kioskShell, rolePath, type StoredScreen } from './identity.ts';

type FleetSocket = Socket<FleetServerEvents, FleetClientEvents>;

const RECONNECT_AFTER_KICK_MS = 5_000;

/** Whether this page's fleet link is up (null: the page has none); the shell heartbeat carries it. */
export const fleetLink: { connected: boolean | null } = { connected: null };

/** Start the fleet link if this page is a paired screen's role page; otherwise do nothing. */
export async function startFleetClient(): Promise<void> {
  if (!isRolePage(location.pathname)) return;
  const shell = kioskShell();
  if (shell) {
    const info = await shell.getInfo().catch(() => null);
    if (info?.pairing.state === 'paired') connect(shell, null);
    return;
  }
  const stored = browserScreen.load();
  if (stored) connect(undefined, stored);
}

function connect(shell: KioskApi | undefined, stored: StoredScreen | null): FleetSocket {
  // In the shell the credential travels in a header the shell adds; a browser proves itself here.
  const socket: FleetSocket = io(FLEET_NAMESPACE, {
    auth: stored ? { credential: stored.credential } : {},
    transports: ['websocket', 'polling'],
    reconnectionDelayMax: 5_000,
  });

  const report = async () => {
    if (!socket.connected) return;
    const info: KioskInfo | null = shell ? await shell.getInfo().catch(() => null) : null;
    const health = screenHealth({
      info,
      pageMs: performance.now(),
      heap: pageHeap(),
      path: location.pathname,
      connected: socket.connected,
    });
    socket.emit(FleetEvents.health, health);
  };
  const tellShell = (connected: boolean) =>
    void shell?.reportHealth({ connected, rev: null, note: location.pathname }).catch(() => undefined);

  fleetLink.connected = false;
  socket.on('connect', () => {
    fleetLink.connected = true;
    tellShell(true);
    void report();
  });
  socket.on('disconnect', (reason) => {
    fleetLink.connected = false;
    tellShell(false);
    // Kicked by the hub (the socket.io client does not retry that by itself): a removal arrives as a
    // command first; anything else, such as a restart in progress, is worth another try.
    if (reason === 'io server disconnect') setTimeout(() => socket.connect(), RECONNECT_AFTER_KICK_MS);
  });
  socket.on('connect_error', (err) => {
    if (err.message === FleetRefusals.revoked) forget(shell);
  });
  socket.on(FleetEvents.command, (command) => void obey(command, shell, socket));
  setInterval(() => void report(), FLEET_HEALTH_INTERVAL_MS);
  return socket;
}

async function obey(command: ScreenCommand, shell: KioskApi | undefined, socket: FleetSocket): Promise<void> {
  switch (command.type) {
    case 'reload':
      location.reload();
      return;
    case 'identity':
      showIdentity(command.screen, shell);
      return;
    case 'screenshot': {
      const shot = await captureScreen(shell);
      socket.emit(
        FleetEvents.screenshot,
        shot.ok
          ? { requestId: command.requestId, dataUrl: shot.dataUrl }
          : { requestId: command.requestId, error: `${shot.code}: ${shot.message}`.slice(0, 200) },
      );
      return;
    }
    case 'revoked':
      forget(shell);
      return;
    case 'update':
      // Only a shell can update itself (from its paired hub, at a quiet moment); a browser has nothing to do.
      if (shell?.installUpdate) await shell.installUpdate().catch(() => undefined);
      return;
  }
}

/** Renamed or re-roled in the console: the shell changes page itself; a browser does it here. */
function showIdentity(screen: ScreenIdentity, shell: KioskApi | undefined): void {
  if (shell) {
    // Shells older than the fleet view cannot be asked; going to the page is the next best thing.
    if (shell.refreshPairing) void shell.refreshPairing();
    else if (rolePath(screen.role) !== location.pathname) location.assign(rolePath(screen.role));
    return;
  }
  browserScreen.update(screen);
  if (rolePath(screen.role) !== location.pathname) location.assign(rolePath(screen.role));
}

/** Removed in the console: the screen shows a fresh pairing code. */
function forget(shell: KioskApi | undefined): void {
  if (shell) {
    void shell.refreshPairing?.();
    return;
  }
  browserScreen.clear();
  location.assign(PAIRING_PAGE_PATH);
}
