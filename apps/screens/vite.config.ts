// Vite for the screens app: one build served by the hub from apps/screens/dist. In development the
// dev server forwards the hub's paths to a running hub (GLASSBAY_HUB_URL, default the local one).
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

const hub = process.env.GLASSBAY_HUB_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  plugins: [svelte()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Kiosks and TVs run a current Chromium (Electron or the browser): no legacy transforms.
    target: 'chrome120',
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': hub,
      '/healthz': hub,
      '/hls': hub,
      '/socket.io': { target: hub, ws: true },
    },
  },
});
