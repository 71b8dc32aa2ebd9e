import { describe, expect, it } from 'vitest';
import { releaseHoldCodes } from '@glassbay/protocol';
import { ApiFailure } from '../progress/api.ts';
import { errorText } from './errors.ts';

describe("the console's error sentences", () => {
  const refused = new ApiFailure(409, 'BAY_REQUIRED', 'assign a bay before moving the job into service');

  it("says a known code in Chinese, and keeps the hub's English sentence in English", () => {
    expect(errorText(refused, 'zh-CN', '操作失败')).toBe('请先分配工位，再开始施工');
    expect(errorText(refused, 'en', 'That did not work')).toBe('assign a bay before moving the job into service');
  });

  it("falls back to the hub's sentence for a code it does not know, and to the generic one for other errors", () => {
    expect(errorText(new ApiFailure(500, 'INTERNAL', 'see the hub log'), 'zh-CN', '操作失败')).toBe('see the hub log');
    expect(errorText(new Error('boom'), 'zh-CN', '操作失败')).toBe('操作失败');
  });

  it('says every release refusal of the release rules in Chinese', () => {
    for (const code of Object.values(releaseHoldCodes)) {
      const text = errorText(new ApiFailure(409, code, 'held'), 'zh-CN', '操作失败');
      expect(text, code).toMatch(/不能交车/);
    }
  });
});
