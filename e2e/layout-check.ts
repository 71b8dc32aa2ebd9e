// What a person standing in front of a screen would notice about its layout, measured in the page:
// text cut off (by its own box or a box around it), a single-line label broken over two lines,
// text or a control outside the screen, a control lying over text, and text too small for a TV.
import type { Page } from '@playwright/test';

export interface LayoutReport {
  problems: string[];
  /** The smallest font size of any text inside <main>, px. */
  smallestPx: number;
  smallestText: string;
}

/**
 * `scrolls`: the page may scroll vertically (a phone page), so only the sides of the screen bound it.
 * Elements marked `data-clip-ok` may cut their text on purpose (a marker label on a crowded bar).
 */
export async function checkLayout(page: Page, opts: { scrolls?: boolean } = {}): Promise<LayoutReport> {
  return page.evaluate(
    ({ scrolls }) => {
      const problems: string[] = [];
      const vw = document.documentElement.clientWidth;
      const vh = window.innerHeight;
      const name = (el: Element) => {
        const text = (el.textContent ?? '').trim().replace(/\s+/g, ' ').slice(0, 40);
        const cls = el.getAttribute('class')?.split(' ')[0];
        return `<${el.tagName.toLowerCase()}${cls ? '.' + cls : ''}> "${text}"`;
      };
      const shown = (el: Element) => {
        const r = el.getBoundingClientRect();
        if (r.width <= 1 || r.height <= 1) return false;
        for (let e: Element | null = el; e; e = e.parentElement) {
          const s = getComputedStyle(e);
          if (s.visibility === 'hidden' || s.display === 'none' || Number(s.opacity) === 0) return false;
        }
        return true;
      };
      const ownText = (el: Element) =>
        Array.from(el.childNodes).some((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim() !== '');
      const texts = Array.from(document.body.querySelectorAll('*')).filter(
        (el) => ownText(el) && shown(el) && !el.closest('script, style, title, .visually-hidden'),
      );
      const clipOk = (el: Element) => el.closest('[data-clip-ok]') !== null;

      const outOfSight = new Set<Element>();
      let smallestPx = Infinity;
      let smallestText = '';
      for (const el of texts) {
        const r = el.getBoundingClientRect();
        const s = getComputedStyle(el);
        if (el.closest('main')) {
          const px = parseFloat(s.fontSize);
          if (px < smallestPx) [smallestPx, smallestText] = [px, name(el)];
        }
        if (clipOk(el)) continue;
        // Cut by its own box: more content than the box, and the box hides the rest.
        if ((s.overflowX !== 'visible' || s.textOverflow === 'ellipsis') && el.scrollWidth > el.clientWidth + 1)
          problems.push(`clipped ${name(el)} (${el.scrollWidth} > ${el.clientWidth})`);
        // (Vertically, a glyph may stand a little above a tight line box: a third of a line is a cut.)
        if (s.overflowY !== 'visible' && el.scrollHeight - el.clientHeight > parseFloat(s.fontSize) / 3)
          problems.push(`clipped ${name(el)} (${el.scrollHeight} > ${el.clientHeight} high)`);
        // Cut by a box around it that hides what spills out.
        for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
          const as = getComputedStyle(a);
          if (as.overflowX === 'visible' && as.overflowY === 'visible') continue;
          if (/(auto|scroll)/.test(as.overflowY + as.overflowX)) break;
          const ar = a.getBoundingClientRect();
          // Wholly outside: left out of sight on purpose (a line that wrapped out of a one-line box).
          if (r.top >= ar.bottom || r.bottom <= ar.top || r.left >= ar.right || r.right <= ar.left) {
            outOfSight.add(el);
            break;
          }
          if (r.left < ar.left - 1 || r.right > ar.right + 1 || r.top < ar.top - 1 || r.bottom > ar.bottom + 1) {
            problems.push(`cut off by ${name(a).split(' ')[0]}: ${name(el)}`);
            break;
          }
        }
        // A control's own words stay inside it (a long word spilling over a tile's edge).
        const owner = el.parentElement?.closest('button, a[href], [role="button"]');
        if (owner) {
          const o = owner.getBoundingClientRect();
          if (r.left < o.left - 1 || r.right > o.right + 1) problems.push(`spills out of its control: ${name(el)}`);
        }
        if (r.left < -1 || r.right > vw + 1 || (!scrolls && (r.top < -1 || r.bottom > vh + 1)))
          problems.push(
            `off screen ${name(el)} (${Math.round(r.left)},${Math.round(r.top)}–${Math.round(r.right)},${Math.round(r.bottom)})`,
          );
      }

      // A single-line label is laid out on one line: its text's line boxes all sit side by side
      // (icons beside the text are left out: they are not lines of text).
      for (const el of Array.from(document.querySelectorAll('[data-single-line]')).filter(shown)) {
        const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
        const rects: DOMRect[] = [];
        for (let n = walker.nextNode(); n; n = walker.nextNode()) {
          if (!(n.textContent ?? '').trim()) continue;
          const range = document.createRange();
          range.selectNodeContents(n);
          rects.push(...Array.from(range.getClientRects()).filter((q) => q.width > 0));
        }
        rects.sort((p, q) => p.top - q.top);
        let lines = 0;
        let bottom = -Infinity;
        for (const q of rects) {
          if (q.top >= bottom - 2) lines++;
          bottom = Math.max(bottom, q.bottom);
        }
        if (lines > 1) problems.push(`wrapped ${name(el)} over ${lines} lines`);
      }

      // No text lies over other text (a line pushed out of its place, a label over a value).
      const boxes = texts
        .filter((el) => !clipOk(el) && !outOfSight.has(el))
        .map((el) => ({ el, r: el.getBoundingClientRect() }));
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i]!, boxes[j]!];
          if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
          const w = Math.min(a.r.right, b.r.right) - Math.max(a.r.left, b.r.left);
          const h = Math.min(a.r.bottom, b.r.bottom) - Math.max(a.r.top, b.r.top);
          if (w > 2 && h > 4) problems.push(`text ${name(a.el)} overlaps ${name(b.el)}`);
        }

      // A control never lies over text that is not its own (nor text over a control).
      const controls = Array.from(
        document.querySelectorAll('button, a[href], input, select, textarea, [role="button"], [role="slider"]'),
      ).filter(shown);
      for (const c of controls) {
        const cr = c.getBoundingClientRect();
        if (cr.right < -1 || cr.left > vw + 1 || (!scrolls && cr.bottom > vh + 1))
          problems.push(`control off screen ${name(c)}`);
        for (const el of texts) {
          if (c.contains(el) || el.contains(c) || outOfSight.has(el)) continue;
          const r = el.getBoundingClientRect();
          const w = Math.min(r.right, cr.right) - Math.max(r.left, cr.left);
          const h = Math.min(r.bottom, cr.bottom) - Math.max(r.top, cr.top);
          if (w > 2 && h > 2) problems.push(`control ${name(c)} overlaps ${name(el)}`);
        }
      }
      return { problems: [...new Set(problems)], smallestPx, smallestText };
    },
    { scrolls: opts.scrolls ?? false },
  );
}
