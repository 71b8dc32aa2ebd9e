// One clock for every thread of the bench: process.hrtime reads CLOCK_MONOTONIC, which is the same in
// all threads (and processes) of this machine, so a publish time taken in the main thread and a
// receipt time taken in a screens worker subtract without skew. (performance.timeOrigin + now() is
// also comparable across threads, but each thread samples its own origin: hrtime has none to skew.)

/** Milliseconds on the machine's monotonic clock, with sub-microsecond resolution. Never 0. */
export function clockMs(): number {
  const [s, ns] = process.hrtime();
  return s * 1e3 + ns / 1e6;
}
