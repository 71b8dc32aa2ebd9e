// The "ready for pickup" chime, synthesised with Web Audio (no sound file to download or cache): a
// soft three-note bell, loud enough across a lounge, short enough not to startle.

let context: AudioContext | undefined;

function audio(): AudioContext | undefined {
  if (typeof AudioContext === 'undefined') return undefined;
  return (context ??= new AudioContext());
}

/**
 * A browser may keep audio suspended until someone touches the screen (the kiosk shell allows it
 * without a touch). True while the board cannot be heard.
 */
export const audioBlocked = (): boolean => audio()?.state === 'suspended';

/** Try to unblock audio; call it from a tap. */
export async function unlockAudio(): Promise<boolean> {
  const ctx = audio();
  if (!ctx) return false;
  if (ctx.state === 'suspended') await ctx.resume().catch(() => {});
  return ctx.state === 'running';
}

const NOTES = [
  { hz: 659.25, at: 0 }, // E5
  { hz: 830.61, at: 0.28 }, // G#5
  { hz: 987.77, at: 0.56 }, // B5
];

/** Play the chime once; returns false when the page has no audio at all. */
export function playChime(volume = 0.35): boolean {
  const ctx = audio();
  if (!ctx) return false;
  void ctx.resume().catch(() => {});
  const start = ctx.currentTime + 0.05;
  const out = ctx.createGain();
  out.gain.value = volume;
  out.connect(ctx.destination);
  for (const n of NOTES) {
    // A bell: the note and a quiet octave above it, struck and left to ring out.
    for (const [mult, level] of [
      [1, 1],
      [2, 0.25],
    ] as const) {
      const osc = ctx.createOscillator();
      const env = ctx.createGain();
      osc.type = 'sine';
      osc.frequency.value = n.hz * mult;
      env.gain.setValueAtTime(0.0001, start + n.at);
      env.gain.exponentialRampToValueAtTime(level, start + n.at + 0.015);
      env.gain.exponentialRampToValueAtTime(0.0001, start + n.at + 1.6);
      osc.connect(env).connect(out);
      osc.start(start + n.at);
      osc.stop(start + n.at + 1.7);
    }
  }
  return true;
}
