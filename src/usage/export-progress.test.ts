import { describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { ExportProgress } from './export-progress.js';

function sink(isTTY: boolean) {
  let text = '';
  const out = Object.assign(
    new Writable({
      write(chunk: Buffer, _enc, done) {
        text += chunk.toString();
        done();
      },
    }),
    { isTTY },
  );
  return { out, text: () => text };
}

describe('ExportProgress', () => {
  it('one line per page when stderr is not a terminal', () => {
    const s = sink(false);
    const p = new ExportProgress(5, s.out, 2);
    for (const n of [2, 2, 1]) p.add(n);
    p.finish();
    expect(s.text()).toBe('exporting receipts: 2/5 (40%)\nexporting receipts: 4/5 (80%)\nexporting receipts: 5/5 (100%)\n');
    expect(p.exported).toBe(5);
  });

  it('a redrawn line on a terminal, throttled, always drawing the last page', () => {
    const s = sink(true);
    let now = 1000;
    const p = new ExportProgress(6, s.out, 2, () => now);
    p.add(2);
    now += 10;
    p.add(2); // within 100 ms: skipped
    now += 10;
    p.add(2); // last page: drawn
    p.finish();
    expect(s.text()).toBe('\rexporting receipts: 2/6 (33%)\rexporting receipts: 6/6 (100%)\n');
  });

  it('silent for an export that fits in one page', () => {
    const s = sink(true);
    const p = new ExportProgress(3, s.out, 1000);
    p.add(3);
    p.finish();
    expect(s.text()).toBe('');
  });
});
