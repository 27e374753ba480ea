import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { readRecords } from '../src/records.js';

async function linesOf(chunks: string[]): Promise<[number, string][]> {
  const out: [number, string][] = [];
  for await (const r of readRecords(Readable.from(chunks.map((c) => Buffer.from(c))), 'csv')) {
    out.push([r.line, r.fields === undefined ? `error: ${r.error?.slice(0, 40)}` : JSON.stringify(Object.values(r.fields))]);
  }
  return out;
}

// The file's line numbers whatever the line endings, blank lines, a BOM, quoted line breaks, and
// wherever the input's chunks happen to split it (a CRLF split in two included).
describe('CSV records carry the line they start on', () => {
  it.each([
    [
      'LF',
      'a,b\nx,1\n\ny,2\n',
      [
        [2, '["x","1"]'],
        [4, '["y","2"]'],
      ],
    ],
    [
      'CRLF, a BOM, blank lines',
      '\uFEFFa,b\r\n\r\nx,1\r\n\r\n\r\ny,2',
      [
        [3, '["x","1"]'],
        [6, '["y","2"]'],
      ],
    ],
    [
      'a quoted CRLF',
      'a,b\r\nx,"1\r\n2"\r\ny,3\r\n',
      [
        [2, '["x","1\\r\\n2"]'],
        [4, '["y","3"]'],
      ],
    ],
    [
      'a quoted LF and a quoted quote',
      'a,b\nx,"say ""hi""\nthere"\ny,3\n',
      [
        [2, '["x","say \\"hi\\"\\nthere"]'],
        [4, '["y","3"]'],
      ],
    ],
    [
      'a short record between good ones',
      'a,b\nx,1\ny\nz,3\n',
      [
        [2, '["x","1"]'],
        [3, 'error: not a valid CSV record (Invalid Record L'],
        [4, '["z","3"]'],
      ],
    ],
    [
      'an unclosed quote',
      'a,b\nx,1\ny,"2\nz,3\n',
      [
        [2, '["x","1"]'],
        [3, 'error: a quote opened on line 3 is never closed'],
      ],
    ],
  ] as const)('%s', async (_name, text, expected) => {
    expect(await linesOf([text])).toEqual(expected);
    for (let at = 1; at < text.length; at++) expect(await linesOf([text.slice(0, at), text.slice(at)])).toEqual(expected);
  });
});
