import { describe, expect, it } from 'vitest';
import { ApiFailure } from '../progress/api.ts';
import { errorText } from './errors.ts';

describe("the console's error sentences", () => {
  const refused = new ApiFailure(409, 'BAY_REQUIRED', 'assign a bay before moving the job into service');

  it("says a known code in Chinese, and keeps the hub's English sentence in English", () => {
    expect(errorText(refused, 'zh-CN', '操作失败')).toBe('请先分配工位，再开始施工');
    expect(errorText(refused, 'en', 'That did not work')).toBe('assign a bay before moving the job into service');
  });

  it('says the release refusal in Chinese in the Chinese console', () => {
    const held = new ApiFailure(409, 'SHORT_OPERATION_OPEN', 'Drain oil (3 min of 15 min) ended before its minimum');
    expect(errorText(held, 'zh-CN', '操作失败')).toMatch(/^有工序用时短于标准/);
  });

  it('never shows an English sentence in Chinese: a code it does not know goes with the generic words', () => {
    expect(errorText(new ApiFailure(500, 'INTERNAL', 'see the hub log'), 'zh-CN', '操作失败')).toBe(
      '操作失败（INTERNAL）',
    );
    expect(errorText(new ApiFailure(500, 'INTERNAL', 'see the hub log'), 'en', 'That did not work')).toBe(
      'see the hub log',
    );
    expect(errorText(new Error('boom'), 'zh-CN', '操作失败')).toBe('操作失败');
  });
});
