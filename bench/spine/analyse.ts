// From the raw times of a run to what it means: per-(screen, message) latencies and losses. Pure.
//
// Layout: `publishedAt[k * M + seq - 1]` is when sensor k's reading `seq` was published (0 = never);
// `received[screen * S * M + k * M + seq - 1]` is when that screen first saw it (0 = never). Message
// n of the run is sensor n % S, seq floor(n / S) + 1; the first `warmup` messages are not timed.

/** Latencies (ms) of measured messages over all screens, and the count of (screen, message) never seen. */
export function analyse(
  received: Float64Array,
  publishedAt: Float64Array,
  screens: number,
  S: number,
  M: number,
  warmup: number,
): { latencies: Float64Array; lost: number } {
  const latencies = new Float64Array(screens * S * M);
  let n = 0;
  let lost = 0;
  for (let k = 0; k < S; k++) {
    for (let seq = 1; seq <= M; seq++) {
      const i = k * M + seq - 1;
      const sentAt = publishedAt[i]!;
      if (sentAt === 0) continue;
      const measured = (seq - 1) * S + k >= warmup;
      for (let sc = 0; sc < screens; sc++) {
        const at = received[sc * S * M + i]!;
        if (at === 0) lost++;
        else if (measured) latencies[n++] = at - sentAt;
      }
    }
  }
  return { latencies: latencies.subarray(0, n), lost };
}
