import { describe, expect, it } from 'vitest';
import { speechText } from './speech.ts';

describe('spoken calls', () => {
  it('spells the ticket and names the desk, in Chinese or English', () => {
    expect(speechText({ number: 'A012', deskNumber: 3, lang: 'zh-CN' })).toBe('请 A零一二 号，到 3 号服务台。');
    expect(speechText({ number: 'B105', deskNumber: 1, lang: 'en' })).toBe('Ticket B 1 0 5, please go to desk 1.');
  });
});
