// uPlot for the screens' charts: small (about 50 kB), fast on a year of daily points, and drawn on
// a canvas that scales to any screen. These helpers size a chart to its box and follow it.
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

export { uPlot };

/** Build a chart in `el` at its box's size, keep it sized, and give back a destroy function. */
export function mountChart(
  el: HTMLElement,
  make: (size: { width: number; height: number }) => uPlot.Options,
  data: uPlot.AlignedData,
): { chart: uPlot; destroy: () => void } {
  const size = () => ({ width: Math.max(40, el.clientWidth), height: Math.max(20, el.clientHeight) });
  const chart = new uPlot(make(size()), data, el);
  const observer = new ResizeObserver(() => chart.setSize(size()));
  observer.observe(el);
  return {
    chart,
    destroy: () => {
      observer.disconnect();
      chart.destroy();
    },
  };
}

/** A CSS custom property of the page (the theme's colours), for the canvas that cannot read CSS. */
export const cssVar = (name: string, fallback: string): string =>
  getComputedStyle(document.documentElement).getPropertyValue(name).trim() || fallback;
