// How the lounge board lays out its cards: as large as the screen allows while every job fits, and
// when they do not fit at the smallest legible size, pages that advance on their own.

/**
 * The smallest legible card at 3 m, in rem (1rem = 28 px on a 1080p TV): big enough that every word
 * on it, down to the step names, is 32 px or more at 1080p. A 1080p TV holds six (3 × 2), and so
 * does a 1366×768 one, whose header takes a larger share (touch targets keep their size).
 */
export const MIN_CARD = { width: 20, height: 13.25 } as const;
export const GAP_REM = 0.75;
const FEW = 6;

export interface Layout {
  cols: number;
  rows: number;
  perPage: number;
  pages: number;
}

/**
 * Cards as large as possible: try every column count and take the grid whose cards are biggest while
 * holding all `n` jobs; if even the densest legible grid cannot hold them, page through it.
 */
export function layoutFor(n: number, widthRem: number, heightRem: number): Layout {
  const fit = (size: number, min: number) => Math.max(1, Math.floor((size + GAP_REM) / (min + GAP_REM)));
  const maxCols = fit(widthRem, MIN_CARD.width);
  const maxRows = fit(heightRem, MIN_CARD.height);
  // A few cars get the size six would: one car alone on a TV is not a poster.
  const count = Math.max(FEW, n);
  let best: { cols: number; rows: number; area: number } | undefined;
  for (let cols = 1; cols <= maxCols; cols++) {
    const rows = Math.ceil(count / cols);
    if (rows > maxRows) continue;
    const w = (widthRem - (cols - 1) * GAP_REM) / cols;
    const h = (heightRem - (rows - 1) * GAP_REM) / rows;
    // A card wider than it needs reads no better: weigh the width at most twice the height.
    const area = Math.min(w, h * 2.2) * h;
    if (!best || area > best.area) best = { cols, rows, area };
  }
  if (best) return { cols: best.cols, rows: best.rows, perPage: best.cols * best.rows, pages: 1 };
  const perPage = maxCols * maxRows;
  return { cols: maxCols, rows: maxRows, perPage, pages: Math.ceil(Math.max(1, n) / perPage) };
}

/** The jobs of one page (the page wraps around when jobs leave meanwhile). */
export function pageOf<T>(items: T[], layout: Layout, page: number): T[] {
  const p = layout.pages > 0 ? page % layout.pages : 0;
  return items.slice(p * layout.perPage, (p + 1) * layout.perPage);
}

/** Seconds each page stays up: long enough to find one's car on a full page. */
export const PAGE_SECONDS = 12;
