// What the board says when it calls a ticket, in the customer's language: the ticket spelt out one
// character at a time (so "A012" is not read as "A twelve"), then the desk.
import type { CallView } from '@glassbay/protocol';

const ZH_DIGITS = '零一二三四五六七八九';

export function speechText(call: Pick<CallView, 'number' | 'deskNumber' | 'lang'>): string {
  const chars = [...call.number];
  if (call.lang === 'en') return `Ticket ${chars.join(' ')}, please go to desk ${call.deskNumber}.`;
  const spoken = chars.map((c) => (/[0-9]/.test(c) ? ZH_DIGITS[Number(c)] : c)).join('');
  return `请 ${spoken} 号，到 ${call.deskNumber} 号服务台。`;
}

/** The BCP 47 tag a speech engine picks its voice by. */
export const speechLang = (lang: CallView['lang']) => (lang === 'en' ? 'en-GB' : 'zh-CN');
