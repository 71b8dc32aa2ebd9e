import { describe, expect, it } from 'vitest';
import { patchVerdict } from './realtime.ts';

describe('patchVerdict', () => {
  const held = { epoch: 'e1', rev: 7 };

  it('applies exactly the next revision of the same epoch', () => {
    expect(patchVerdict(held, { epoch: 'e1', rev: 8 })).toBe('apply');
  });

  it('asks for a snapshot when a revision was missed', () => {
    expect(patchVerdict(held, { epoch: 'e1', rev: 9 })).toBe('gap');
  });

  it('asks for a snapshot when the hub restarted (new epoch), whatever the revision', () => {
    expect(patchVerdict(held, { epoch: 'e2', rev: 8 })).toBe('gap');
    expect(patchVerdict(held, { epoch: 'e2', rev: 1 })).toBe('gap');
  });

  it('asks for a snapshot when it holds none yet', () => {
    expect(patchVerdict(null, { epoch: 'e1', rev: 1 })).toBe('gap');
  });

  it('drops a revision the held snapshot already includes', () => {
    expect(patchVerdict(held, { epoch: 'e1', rev: 7 })).toBe('stale');
    expect(patchVerdict(held, { epoch: 'e1', rev: 3 })).toBe('stale');
  });
});
