// Masking personal data for public screens: a plate shows its region and two characters at each end.

/** 粤B12345 → 粤B·1**45; ABC1234 → AB·C**34. Never returns the full plate. */
export function maskPlate(plate: string): string {
  const p = [...plate.replace(/[\s·.-]/g, '').toUpperCase()];
  if (p.length <= 4) return p.map((c, i) => (i === 0 ? c : '*')).join('');
  const head = p.slice(0, 2).join('');
  const tail = p.slice(2);
  const keep = tail.length >= 5 ? 1 : 0;
  const shown = tail.slice(0, keep).join('') + '*'.repeat(tail.length - keep - 2) + tail.slice(-2).join('');
  return `${head}·${shown}`;
}
