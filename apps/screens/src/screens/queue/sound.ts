// The board's voice: a two-note chime (Web Audio, no file to fetch) and then the call spoken with the
// Web Speech API in the customer's language. Every step has a time limit, so a machine without a
// voice or without audio still moves on to the next call.
import type { CallView } from '@glassbay/protocol';
import { speechLang, speechText } from './speech.ts';

let context: AudioContext | undefined;
const audio = () => (typeof AudioContext === 'undefined' ? undefined : (context ??= new AudioContext()));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** A browser keeps audio suspended until a touch (the kiosk shell allows it without one). */
export const audioBlocked = (): boolean => audio()?.state === 'suspended';
export async function unlockAudio(): Promise<void> {
  await audio()
    ?.resume()
    .catch(() => {});
}

/** Ding–dong: a falling major third, the sound of a service desk call. */
function chime(): number {
  const ctx = audio();
  if (!ctx || ctx.state !== 'running') return 0;
  const start = ctx.currentTime + 0.03;
  for (const [hz, at] of [
    [784, 0],
    [622.25, 0.45],
  ] as const) {
    const osc = ctx.createOscillator();
    const env = ctx.createGain();
    osc.type = 'sine';
    osc.frequency.value = hz;
    env.gain.setValueAtTime(0.0001, start + at);
    env.gain.exponentialRampToValueAtTime(0.4, start + at + 0.02);
    env.gain.exponentialRampToValueAtTime(0.0001, start + at + 1.2);
    osc.connect(env).connect(ctx.destination);
    osc.start(start + at);
    osc.stop(start + at + 1.3);
  }
  return 1100;
}

function say(text: string, lang: string): Promise<void> {
  const synth = typeof speechSynthesis === 'undefined' ? undefined : speechSynthesis;
  if (!synth) return sleep(3000);
  return new Promise((resolve) => {
    const u = new SpeechSynthesisUtterance(text);
    u.lang = lang;
    u.rate = 0.9;
    const voice = synth.getVoices().find((v) => v.lang.replace('_', '-').startsWith(lang.slice(0, 2)));
    if (voice) u.voice = voice;
    // An engine without a voice for the language may never say it ended.
    const limit = setTimeout(resolve, 1500 + text.length * 180);
    u.onend = u.onerror = () => {
      clearTimeout(limit);
      resolve();
    };
    synth.speak(u);
  });
}

/**
 * A call stays on screen at least this long: a board without a voice for the language (or muted)
 * still gives a customer across the lounge time to look up and read it.
 */
export const MIN_SHOWN_MS = 8000;

/** Chime, speak the call twice, and leave it on screen a moment longer (at least MIN_SHOWN_MS in all). */
export async function announce(call: CallView): Promise<void> {
  const start = Date.now();
  await sleep(chime());
  const text = speechText(call);
  await say(text, speechLang(call.lang));
  await sleep(600);
  await say(text, speechLang(call.lang));
  await sleep(Math.max(1200, MIN_SHOWN_MS - (Date.now() - start)));
}
