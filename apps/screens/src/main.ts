import { mount } from 'svelte';
import App from './App.svelte';
import { startFleetClient } from './lib/fleet/fleet-client.ts';
import { startShellHeartbeat } from './lib/fleet/heartbeat.ts';
import { i18n } from './lib/i18n.svelte.ts';
import './lib/theme.css';

// Before the first paint, so the CJK font choice and screen readers see the right language at once.
document.documentElement.lang = i18n.lang;

const target = document.getElementById('app');
if (!target) throw new Error('index.html has no #app element');
mount(App, { target });
// A paired screen reports its health to the hub and obeys the console; any other page does nothing here.
void startFleetClient();
// Inside the kiosk shell: "this page is alive", so the shell can reload one that froze.
startShellHeartbeat();
