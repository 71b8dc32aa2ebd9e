// Svelte compiler options for vite-plugin-svelte and svelte-check. Runes everywhere (Svelte 5).
export default {
  compilerOptions: { runes: true },
};
