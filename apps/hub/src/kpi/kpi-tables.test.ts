import { describe, expect, it } from 'vitest';
import { toCsv } from './kpi-tables.ts';

describe('CSV export', () => {
  it('quotes what needs quoting and keeps a comment from running as a formula', () => {
    const csv = toCsv({
      columns: ['key', 'n', 'comment'],
      rows: [
        ['张师傅', 3, 'said "fine", then left'],
        ['x', -1.5, '=HYPERLINK("http://evil")'],
        ['y', null, 'two\nlines'],
      ],
    });
    expect(csv).toBe(
      '\uFEFFkey,n,comment\r\n' +
        '张师傅,3,"said ""fine"", then left"\r\n' +
        // A negative number stays a number; the text cell gets a leading quote mark.
        'x,-1.5,"\'=HYPERLINK(""http://evil"")"\r\n' +
        'y,,"two\nlines"\r\n',
    );
  });
});
