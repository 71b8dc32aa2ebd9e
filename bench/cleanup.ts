// Resources a benchmark must give back even when it fails or is interrupted: child processes, temp
// dirs, sockets. Groups release them in `finally`; the runner releases whatever is left on SIGINT.

type Release = () => void | Promise<void>;

const pending = new Set<Release>();

/**
 * Register a release; returns a function that runs it once (and unregisters it). Call that in
 * `finally`; an interrupt runs every release still registered.
 */
export function defer(release: Release): () => Promise<void> {
  let done = false;
  const once = async () => {
    if (done) return;
    done = true;
    pending.delete(once);
    await release();
  };
  pending.add(once);
  return once;
}

/** Run every release still registered, newest first; errors are reported, never thrown. */
export async function releaseAll(): Promise<void> {
  for (const release of [...pending].reverse()) {
    try {
      await release();
    } catch (err) {
      process.stderr.write(`bench: cleanup failed: ${(err as Error).message}\n`);
    }
  }
}
