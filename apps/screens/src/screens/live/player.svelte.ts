// The player behind the live view: hls.js on a <video>, live at about a second behind the camera
// (blocking playlist reloads, `liveSyncDuration` 1) or a replay of any moment of the viewer's
// footage, at 0.5x to 4x. It keeps itself alive: a camera that goes offline, a hub that restarts or
// a token that ran out each get a clear state, and the picture comes back without a page reload.
import type Hls from 'hls.js';
import type { ErrorData, HlsConfig, LevelLoadedData } from 'hls.js';
import { MEDIA_TOKEN_HEADER, hlsPaths, type VideoPeriod } from '@glassbay/protocol';
import type { VideoSessionStore } from './session.svelte.ts';
import { CAUGHT_UP_MS, openEndedLoader, windowAround } from './replay-window.ts';
import { replayRange } from './timeline.ts';

export type PlayerStatus = 'idle' | 'loading' | 'playing' | 'paused' | 'offline' | 'reconnecting' | 'no-recording';
export type PlayerMode = 'live' | 'replay';

interface Target {
  mode: PlayerMode;
  period: VideoPeriod;
  /** Replay: where to start, hub time. */
  at?: number;
  /** Replay: the playlist's range. */
  range?: { from: number; to: number };
}

/**
 * Live at about a second behind the newest segment: blocking playlist reloads (lowLatencyMode), the
 * play position one segment (1 s) from the edge, and a gentle catch-up (up to 1.15x, invisible on
 * a workshop picture) after a hiccup instead of hls.js's default of staying a whole segment further
 * behind after every stall.
 */
const LIVE_CONFIG: Partial<HlsConfig> = {
  lowLatencyMode: true,
  liveSyncDuration: 1,
  liveMaxLatencyDuration: 5,
  maxLiveSyncPlaybackRate: 1.15,
  liveSyncOnStallIncrease: 0.25,
  backBufferLength: 10,
};

/** No picture progress for this long while playing: the stream stalled. */
const STALL_MS = 4000;
const RETRY_MS = [1000, 2000, 3000, 5000];

type HlsClass = typeof Hls;
let hlsClass: Promise<HlsClass> | undefined;
/** hls.js is loaded with the first video, never with the boards that show none. */
const loadHls = () => (hlsClass ??= import('hls.js/light').then((m) => m.default));

export class VideoPlayer {
  status = $state<PlayerStatus>('idle');
  mode = $state<PlayerMode>('live');
  rate = $state(1);
  /** The wall-clock time of the picture on screen (hub time, the segments' program date); null before a frame. */
  position = $state<number | null>(null);
  /** The period playing (camera and bay). */
  period = $state<VideoPeriod | null>(null);
  buffering = $state(false);

  readonly #video: HTMLVideoElement;
  readonly #session: VideoSessionStore;
  #hls: Hls | null = null;
  #target: Target | null = null;
  #generation = 0;
  #retry: ReturnType<typeof setTimeout> | undefined;
  #attempt = 0;
  #recovering = false;
  #mediaRecovered = false;
  #lastTime = -1;
  #lastProgress = Date.now();
  readonly #tick: ReturnType<typeof setInterval>;
  readonly #off: (() => void)[] = [];
  /** Called once a replay of footage still being recorded has caught up with the live picture. */
  readonly #caughtUp: () => void;
  #caughtUpGen = -1;

  constructor(video: HTMLVideoElement, session: VideoSessionStore, caughtUp: () => void = () => {}) {
    this.#video = video;
    this.#session = session;
    this.#caughtUp = caughtUp;
    const on = (event: string, fn: () => void) => {
      video.addEventListener(event, fn);
      this.#off.push(() => video.removeEventListener(event, fn));
    };
    on('playing', () => {
      this.buffering = false;
      this.#attempt = 0;
      this.status = 'playing';
    });
    on('waiting', () => (this.buffering = true));
    on('pause', () => {
      if (this.status === 'playing' && !video.ended) this.status = 'paused';
    });
    // The end of a finished stretch of footage: go on with the car's next one, if there is one.
    on('ended', () => (this.mode === 'replay' && this.#playNextPeriod()) || (this.status = 'paused'));
    this.#tick = setInterval(() => this.#watch(), 250);
  }

  /** Play the live picture of a period that is still going. */
  playLive(period: VideoPeriod): void {
    void this.#start({ mode: 'live', period });
  }

  /** Replay a period from `at` (hub time), at the current speed. */
  playReplay(period: VideoPeriod, at: number): void {
    const now = this.#session.now();
    void this.#start({ mode: 'replay', period, at, range: replayRange(period, now) });
  }

  /** Jump within the replay that is loaded, if it holds `at`; false when another playlist is needed. */
  seek(at: number): boolean {
    const t = this.#mediaTimeOf(at);
    if (this.mode !== 'replay' || t === undefined) return false;
    this.#video.currentTime = t;
    void this.#video.play().catch(() => {});
    return true;
  }

  setRate(rate: number): void {
    this.rate = rate;
    if (this.mode === 'replay') this.#video.playbackRate = rate;
  }

  toggle(): void {
    const v = this.#video;
    if (!v.paused) return v.pause();
    // Back from a pause in live: rejoin the live edge rather than lag behind it.
    const edge = this.#hls?.liveSyncPosition;
    if (this.mode === 'live' && edge !== null && edge !== undefined && edge > v.currentTime + 3) v.currentTime = edge;
    void v.play().catch(() => {});
  }

  /** What tests and the bench read: the picture's time and how it plays. */
  diagnostics() {
    return {
      status: this.status,
      mode: this.mode,
      cameraId: this.period?.cameraId ?? null,
      rate: this.rate,
      playbackRate: this.#video.playbackRate,
      currentTime: this.#video.currentTime,
      playingDate: this.#hls?.playingDate?.getTime() ?? null,
      latency: this.#hls?.latency ?? null,
    };
  }

  /** Stop playing (the footage is no longer the viewer's: the car left the bay, or was handed over). */
  stop(): void {
    this.#generation++;
    clearTimeout(this.#retry);
    this.#recovering = false;
    this.#hls?.destroy();
    this.#hls = null;
    this.#target = null;
    this.period = null;
    this.position = null;
    this.status = 'idle';
  }

  destroy(): void {
    this.#generation++;
    clearInterval(this.#tick);
    clearTimeout(this.#retry);
    this.#hls?.destroy();
    this.#hls = null;
    for (const off of this.#off) off();
    this.#video.removeAttribute('src');
    this.#video.load();
  }

  #url(t: Target): string {
    return t.mode === 'live'
      ? hlsPaths.live(t.period.cameraId)
      : hlsPaths.replay(t.period.cameraId, Math.floor(t.range!.from), Math.ceil(t.range!.to));
  }

  async #start(target: Target): Promise<void> {
    const gen = ++this.#generation;
    clearTimeout(this.#retry);
    this.#recovering = false;
    this.#mediaRecovered = false;
    this.#target = target;
    this.mode = target.mode;
    this.period = target.period;
    // The last picture's time belongs to the stream being replaced (a replay must not look caught up).
    this.position = null;
    this.status = 'loading';
    this.buffering = false;
    this.#hls?.destroy();
    this.#hls = null;
    const HlsImpl = await loadHls();
    if (gen !== this.#generation) return;
    const video = this.#video;
    if (!HlsImpl.isSupported()) return this.#startNative(target);
    const config: Partial<HlsConfig> = {
      // Every playlist and segment request carries the current token (renewed while playing).
      xhrSetup: (xhr, url) => {
        xhr.open('GET', url, true);
        const token = this.#session.token;
        if (token) xhr.setRequestHeader(MEDIA_TOKEN_HEADER, token);
      },
      ...(target.mode === 'live' ? LIVE_CONFIG : { lowLatencyMode: false, maxBufferLength: 20, backBufferLength: 30 }),
      ...(target.mode === 'replay' && target.period.to === null ? this.#openEnded(HlsImpl, target) : {}),
    };
    const hls = new HlsImpl(config);
    this.#hls = hls;
    hls.on(HlsImpl.Events.ERROR, (_e, data: ErrorData) => {
      if (gen !== this.#generation || !data.fatal) return;
      if (data.type === HlsImpl.ErrorTypes.MEDIA_ERROR && !this.#mediaRecovered) {
        this.#mediaRecovered = true;
        hls.recoverMediaError();
        return;
      }
      void this.#recover(gen);
    });
    if (target.mode === 'replay')
      hls.once(HlsImpl.Events.LEVEL_LOADED, (_e, data: LevelLoadedData) => {
        if (gen !== this.#generation) return;
        const frags = data.details.fragments;
        const t = mediaTimeIn(frags, target.at ?? target.range!.from);
        if (t !== undefined) video.currentTime = t;
      });
    hls.attachMedia(video);
    hls.loadSource(this.#url(target));
    video.playbackRate = target.mode === 'replay' ? this.rate : 1;
    // Muted: autoplay is allowed, and a workshop has nothing to hear.
    video.muted = true;
    void video.play().catch(() => {});
    this.#lastProgress = Date.now();
  }

  /**
   * A replay of footage still being recorded: each playlist reload covers the window around the
   * play position (never sliding back), read as still growing, so the replay plays on to live.
   */
  #openEnded(HlsImpl: HlsClass, target: Target): Partial<HlsConfig> {
    let floor = target.at ?? target.range!.from;
    const playing = () => {
      const d = this.#hls?.playingDate?.getTime();
      return d !== undefined && !Number.isNaN(d) ? d : (target.at ?? floor);
    };
    const window = () => {
      const w = windowAround({ from: floor, to: target.range!.to }, playing(), this.#session.now());
      floor = w.from;
      return w;
    };
    // The first playlist begins at the moment asked for: start at its first segment.
    return { pLoader: openEndedLoader(HlsImpl.DefaultConfig.loader, target.period.cameraId, window), startPosition: 0 };
  }

  /** After a finished period, the car's next one (it moved bays); false when there is none. */
  #playNextPeriod(): boolean {
    const current = this.#target?.period;
    const next = current && this.#session.session?.periods.find((p) => p.from > current.from);
    if (!next) return false;
    this.playReplay(next, next.from);
    return true;
  }

  /** Safari's own HLS (no MediaSource on older iPhones): the token rides in the URL. */
  #startNative(target: Target): void {
    const video = this.#video;
    const url = this.#url(target);
    const token = this.#session.token;
    video.src = token ? `${url}${url.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}` : url;
    video.muted = true;
    video.playbackRate = target.mode === 'replay' ? this.rate : 1;
    void video.play().catch(() => {});
  }

  /** The media time of wall-clock `at` in the loaded playlist, if it holds it. */
  #mediaTimeOf(at: number): number | undefined {
    const frags = this.#hls?.levels[this.#hls.currentLevel]?.details?.fragments;
    return frags ? mediaTimeIn(frags, at) : undefined;
  }

  #watch(): void {
    const v = this.#video;
    const date = this.#hls?.playingDate?.getTime();
    if (date !== undefined && !Number.isNaN(date)) this.position = date;
    const t = this.#target;
    if (
      t?.mode === 'replay' &&
      t.period.to === null &&
      this.position !== null &&
      this.status === 'playing' &&
      this.#session.now() - this.position < CAUGHT_UP_MS &&
      this.#caughtUpGen !== this.#generation
    ) {
      this.#caughtUpGen = this.#generation;
      this.#caughtUp();
    }
    if (v.currentTime !== this.#lastTime) {
      this.#lastTime = v.currentTime;
      this.#lastProgress = Date.now();
      return;
    }
    const playing = this.status === 'playing' || this.status === 'loading';
    if (playing && !v.paused && !v.ended && Date.now() - this.#lastProgress > STALL_MS && !this.#recovering) {
      if (this.status === 'playing') this.status = 'reconnecting';
      void this.#recover(this.#generation);
    }
  }

  /**
   * The stream stopped. Ask the hub why (the playlist answers with a stable code) and try again
   * until it plays: camera offline, a token to renew, or the hub itself unreachable.
   */
  async #recover(gen: number): Promise<void> {
    const target = this.#target;
    if (!target || this.#recovering) return;
    this.#recovering = true;
    this.#hls?.destroy();
    this.#hls = null;
    for (;;) {
      if (gen !== this.#generation) return;
      let status = 0;
      try {
        const token = this.#session.token;
        const res = await fetch(this.#url(target), {
          headers: token ? { [MEDIA_TOKEN_HEADER]: token } : {},
          cache: 'no-store',
        });
        status = res.status;
      } catch {
        status = 0;
      }
      if (gen !== this.#generation) return;
      if (status === 200) {
        void this.#start(target);
        return;
      }
      if (status === 503 || (status === 404 && target.mode === 'live')) this.status = 'offline';
      else if (status === 404) {
        this.status = 'no-recording';
        this.#recovering = false;
        return;
      } else {
        this.status = 'reconnecting';
        // Refused: the token ran out or the car moved bays. A fresh session says where to look now.
        if (status === 401 || status === 403) this.#session.refresh();
      }
      const wait = RETRY_MS[Math.min(this.#attempt++, RETRY_MS.length - 1)]!;
      await new Promise((r) => (this.#retry = setTimeout(r, wait)));
    }
  }
}

/** Wall-clock `at` → media time, by the fragment whose program date holds it. */
export function mediaTimeIn(
  frags: readonly { start: number; duration: number; programDateTime: number | null }[],
  at: number,
): number | undefined {
  for (const f of frags) {
    if (f.programDateTime === null) continue;
    if (at >= f.programDateTime && at < f.programDateTime + f.duration * 1000)
      return f.start + (at - f.programDateTime) / 1000;
  }
  const first = frags.find((f) => f.programDateTime !== null);
  // Before the first recorded moment (the footage began a little later): start at the beginning.
  return first && at < first.programDateTime! ? first.start : undefined;
}
