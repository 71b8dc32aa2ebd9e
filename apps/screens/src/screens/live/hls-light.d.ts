// hls.js ships types for its full build only; its light build (no subtitles, alternate audio or
// DRM, none of which the workshop cameras have) has the same API.
declare module 'hls.js/light' {
  export * from 'hls.js';
  export { default } from 'hls.js';
}
