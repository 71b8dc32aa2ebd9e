import { describe, expect, it } from 'vitest';
import { individualsChart, pChart, westernElectric, xbarChart } from './control-charts.ts';

describe('Western Electric rules', () => {
  it('rule 1: a point beyond 3σ (exactly 3σ is not beyond)', () => {
    expect(westernElectric([0, 3.1, -3.5, 0, 3])).toEqual([[], [1], [1], [], []]);
  });
  it('rule 2: two of three in a row beyond 2σ on the same side, flagged on the point that completes it', () => {
    // i2: 2.5 and 2.2 of [2.5, 0.5, 2.2]. i5: −2.1 and −2.3 of [0, −2.1, −2.3]. i4 has only itself below −2.
    expect(westernElectric([2.5, 0.5, 2.2, 0, -2.1, -2.3])).toEqual([[], [], [2], [], [], [2]]);
    // 2.5 is four points back from 2.2: no pattern.
    expect(westernElectric([2.5, 0.5, 0.3, 2.2])).toEqual([[], [], [], []]);
    // Opposite sides do not make a pattern.
    expect(westernElectric([2.5, -2.5])).toEqual([[], []]);
  });
  it('rule 3: four of five in a row beyond 1σ on the same side', () => {
    // i4: of [1.5, 1.2, 0.4, 1.1, 1.3] four are above 1. i3 has three of four.
    expect(westernElectric([1.5, 1.2, 0.4, 1.1, 1.3])).toEqual([[], [], [], [], [3]]);
    expect(westernElectric([-1.5, -1.2, 0.4, -1.1, -1.3])).toEqual([[], [], [], [], [3]]);
  });
  it('rule 4: eight in a row on one side of the centre line', () => {
    const z = [0.5, 0.2, 0.9, 0.1, 0.3, 0.4, 0.8, 0.6, -0.2, 0.1];
    // i7 ends eight above the line; i8 crosses it; i9 starts over.
    expect(
      westernElectric(z)
        .map((r, i) => (r.length ? i : null))
        .filter((i) => i !== null),
    ).toEqual([7]);
    expect(westernElectric(z)[7]).toEqual([4]);
  });
});

describe('individuals chart', () => {
  it('takes centre and σ from the baseline moving ranges and flags the jump', () => {
    const values = [10, 12, 11, 13, 14, 20, 12];
    const chart = individualsChart(
      values.map((v, i) => ({ label: `d${i}`, value: v, jobIds: [`j${i}`] })),
      (_l, i) => i < 5,
    );
    // Baseline 10 12 11 13 14: centre 60/5 = 12; moving ranges 2 1 2 1 → 1.5; σ = 1.5/1.128.
    const sigma = 1.5 / 1.128;
    expect(chart.centre).toBe(12);
    expect(chart.sigma).toBeCloseTo(sigma, 12);
    expect(chart.points[5]!.ucl).toBeCloseTo(12 + 3 * sigma, 12); // 15.989
    expect(chart.points[5]!.lcl).toBeCloseTo(12 - 3 * sigma, 12); // 8.011
    // 20 is (20 − 12)/1.3298 = 6.02σ out: rule 1, and it opens its job.
    expect(chart.points[5]).toMatchObject({ rules: [1], jobIds: ['j5'] });
    expect(chart.points.filter((p) => p.rules.length > 0).map((p) => p.label)).toEqual(['d5']);
  });
});

describe('X-bar chart', () => {
  it('pools the baseline within-subgroup σ and narrows the limits by √n', () => {
    const chart = xbarChart(
      [
        { label: 'g1', values: [10, 14], jobIds: [] },
        { label: 'g2', values: [11, 13], jobIds: [] },
        { label: 'g3', values: [9, 12, 15], jobIds: [] },
        { label: 'g4', values: [20, 22], jobIds: ['a', 'b'] },
        { label: 'g5', values: [], jobIds: [] },
      ],
      (label) => ['g1', 'g2', 'g3'].includes(label),
    );
    // Centre (24 + 24 + 36)/7 = 12. Squares about the subgroup means: 4+4, 1+1, 9+0+9 = 28 on 1+1+2 = 4
    // degrees of freedom: σ = √7.
    expect(chart.centre).toBe(12);
    expect(chart.sigma).toBeCloseTo(Math.sqrt(7), 12);
    const g4 = chart.points[3]!;
    // g4 mean 21, n 2: limits 12 ± 3·√7/√2 = 12 ± 5.612; z = 9/(√7/√2) = 4.81 → rule 1.
    expect(g4.value).toBe(21);
    expect(g4.ucl).toBeCloseTo(12 + (3 * Math.sqrt(7)) / Math.SQRT2, 12);
    expect(g4.rules).toEqual([1]);
    expect(g4.jobIds).toEqual(['a', 'b']);
    // An empty day is a gap, judged by nothing.
    expect(chart.points[4]).toMatchObject({ value: null, ucl: null, rules: [] });
  });
});

describe('p-chart', () => {
  it('takes p̄ from the baseline and clips the limits to [0, 1]', () => {
    const chart = pChart(
      [
        { label: 'd1', k: 2, n: 100, jobIds: [] },
        { label: 'd2', k: 4, n: 100, jobIds: [] },
        { label: 'd3', k: 3, n: 100, jobIds: [] },
        { label: 'd4', k: 12, n: 100, jobIds: ['x'] },
        { label: 'd5', k: 0, n: 0, jobIds: [] },
      ],
      (_l, i) => i < 3,
    );
    // p̄ = 9/300 = 0.03; at n = 100 the point σ is √(0.03·0.97/100) = 0.017059.
    const sd = Math.sqrt((0.03 * 0.97) / 100);
    expect(chart.centre).toBeCloseTo(0.03, 12);
    const d4 = chart.points[3]!;
    expect(d4.ucl).toBeCloseTo(0.03 + 3 * sd, 12); // 0.0812
    expect(d4.lcl).toBe(0); // 0.03 − 0.0512 < 0
    // 0.12 is 0.09/0.017059 = 5.28σ above: rule 1; it opens job x.
    expect(d4).toMatchObject({ value: 0.12, rules: [1], jobIds: ['x'] });
    expect(chart.points[4]).toMatchObject({ value: null, rules: [] });
  });
});
