import { describe, expect, it } from 'vitest';
import { en, enDuration } from './en.ts';
import { chooseLanguage, parseLanguage, withLanguage } from './language.ts';
import { zhCN, zhDuration } from './zh-CN.ts';

describe('language choice', () => {
  it('reads what people type in a URL', () => {
    expect(parseLanguage('zh')).toBe('zh-CN');
    expect(parseLanguage('zh_CN')).toBe('zh-CN');
    expect(parseLanguage('EN')).toBe('en');
    expect(parseLanguage('en-GB')).toBe('en');
    expect(parseLanguage('fr')).toBeNull();
    expect(parseLanguage('')).toBeNull();
  });

  it('lets ?lang= override the remembered choice, which overrides the default', () => {
    expect(chooseLanguage('?lang=en', 'zh-CN')).toBe('en');
    expect(chooseLanguage('?lang=zh', 'en')).toBe('zh-CN');
    expect(chooseLanguage('', 'en')).toBe('en');
    expect(chooseLanguage('?lang=xx', 'en')).toBe('en');
    expect(chooseLanguage('', null)).toBe('zh-CN');
  });

  it('keeps ?lang= in step with a choice made on screen, and adds none where there was none', () => {
    expect(withLanguage('http://h/bays?lang=zh&x=1', 'en')).toBe('http://h/bays?lang=en&x=1');
    expect(withLanguage('http://h/bays', 'en')).toBe('http://h/bays');
  });
});

describe('durations', () => {
  it('counts whole minutes, then hours and minutes, then days and hours', () => {
    expect(zhDuration(12)).toBe('12 分钟');
    expect(enDuration(12)).toBe('12 min');
    expect(zhDuration(95)).toBe('1 小时 35 分钟');
    expect(enDuration(95)).toBe('1 h 35 min');
    expect(enDuration(120)).toBe('2 h');
    expect(zhDuration(26 * 60 + 5)).toBe('1 天 2 小时');
    expect(enDuration(48 * 60)).toBe('2 d');
  });

  it('says how long a bay has been occupied or free', () => {
    expect(zhCN.bayOccupiedFor(12)).toBe('占用 12 分钟');
    expect(en.bayOccupiedFor(12)).toBe('occupied 12 min');
    expect(en.bayFreeFor(0)).toBe('free just now');
    expect(zhCN.bayFreeFor(0)).toBe('刚刚空出');
  });

  it('has the same messages in both languages', () => {
    expect(Object.keys(en).sort()).toEqual(Object.keys(zhCN).sort());
  });
});
