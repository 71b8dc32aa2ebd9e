// Inside the kiosk shell, every page beats through the preload API so the shell can tell a living page
// from a frozen one (the shell reloads a page that falls silent; see KIOSK_SILENT_PAGE_MS). The beat
// runs on the page's own event loop and timers: if those stop, so does the beat, which is the point.
import { KIOSK_HEARTBEAT_INTERVAL_MS } from '@glassbay/protocol';
import { fleetLink } from './fleet-client.ts';
import { kioskShell } from './identity.ts';

export function startShellHeartbeat(): void {
  const shell = kioskShell();
  // A plain browser has no shell; a shell older than the heartbeat has no such method.
  if (!shell?.heartbeat) return;
  const beat = () =>
    void shell.heartbeat?.({ path: location.pathname, connected: fleetLink.connected }).catch(() => undefined);
  beat();
  setInterval(beat, KIOSK_HEARTBEAT_INTERVAL_MS);
}
