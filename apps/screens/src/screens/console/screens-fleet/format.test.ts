import { describe, expect, it } from 'vitest';
import { ago, duration, megabytes, normaliseCode } from './format.ts';
import { fleetMessages } from './messages.ts';

const zh = fleetMessages['zh-CN'];
const en = fleetMessages.en;

describe('the screens section writes', () => {
  it('how long ago a screen was seen, in whole units', () => {
    expect(ago(en, 0, 30_000)).toBe('just now');
    expect(ago(zh, 0, 5 * 60_000)).toBe('5 分钟前');
    expect(ago(en, 0, 3 * 3_600_000)).toBe('3 h ago');
    expect(ago(en, 0, 3 * 86_400_000)).toBe('3 d ago');
  });

  it('uptime in hours and minutes, and memory in MB or GB', () => {
    expect(duration(zh, 3 * 3600 + 5 * 60)).toBe('3 小时 5 分');
    expect(duration(en, 59)).toBe('0 min');
    expect(megabytes(210.4)).toBe('210 MB');
    expect(megabytes(2048)).toBe('2.0 GB');
  });

  it('a pairing code as a person types it from across the room', () => {
    expect(normaliseCode(' ac4-d7k ')).toBe('AC4D7K');
    expect(normaliseCode('AC4D7KXYZ')).toBe('AC4D7K');
  });
});
