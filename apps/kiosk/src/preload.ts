// Runs in the sandboxed preload: exposes exactly one frozen, typed object as `window.glassbay`.
import { contextBridge, ipcRenderer } from 'electron';
import { KIOSK_API_GLOBAL, type KioskApi } from '@glassbay/protocol';
import { createKioskApi, type Invoke } from './preload-api.ts';

const invoke: Invoke = (channel, ...args) => ipcRenderer.invoke(channel, ...args);
const api = createKioskApi(invoke);

contextBridge.exposeInMainWorld(KIOSK_API_GLOBAL, api satisfies KioskApi);
