import { describe, expect, it } from 'vitest';
import { releaseHoldCodes } from '@glassbay/protocol';
import { HubError, errorText } from './errors.ts';

describe("the hub's refusals in the screen's language", () => {
  it('says every release refusal of the release rules in Chinese', () => {
    for (const code of Object.values(releaseHoldCodes)) {
      const text = errorText(new HubError(409, code, 'held'), 'zh-CN', '操作失败');
      expect(text, code).toMatch(/不能交车/);
    }
  });
});
