/** Small inline-SVG charts for the HTML report: no scripts, no external assets. */

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const f = (n: number) => n.toFixed(1);
const PALETTE = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e', '#8c564b', '#17becf'];

export interface CurvePoint {
  series: string;
  label: string;
  /** 0–1 */
  x: number;
  /** 0–1 */
  y: number;
}

/** Safe hit rate (y) against bad hit rate (x); points of one series are joined in the given order. */
export function curveChart(points: readonly CurvePoint[], xLabel: string, yLabel: string): string {
  const [w, h, m] = [560, 360, 50];
  const px = (x: number) => m + x * (w - 2 * m);
  const py = (y: number) => h - m - y * (h - 2 * m);
  const series = [...new Set(points.map((p) => p.series))];
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map((t) => `<line x1="${px(0)}" y1="${f(py(t))}" x2="${px(1)}" y2="${f(py(t))}" stroke="#eee"/><text x="${m - 6}" y="${f(py(t) + 4)}" font-size="10" text-anchor="end">${t * 100}%</text><text x="${f(px(t))}" y="${h - m + 14}" font-size="10" text-anchor="middle">${t * 100}%</text>`)
    .join('');
  const body = series
    .map((s, i) => {
      const color = PALETTE[i % PALETTE.length];
      const pts = points.filter((p) => p.series === s);
      const path = pts.length > 1 ? `<polyline fill="none" stroke="${color}" stroke-width="1.5" points="${pts.map((p) => `${f(px(p.x))},${f(py(p.y))}`).join(' ')}"/>` : '';
      const dots = pts.map((p) => `<circle cx="${f(px(p.x))}" cy="${f(py(p.y))}" r="4" fill="${color}"><title>${esc(`${s} ${p.label}: safe ${(p.y * 100).toFixed(1)}%, bad ${(p.x * 100).toFixed(1)}%`)}</title></circle><text x="${f(px(p.x) + 6)}" y="${f(py(p.y) - 6)}" font-size="9" fill="${color}">${esc(p.label)}</text>`).join('');
      const legend = `<rect x="${w - m - 150}" y="${m + i * 16 - 9}" width="10" height="10" fill="${color}"/><text x="${w - m - 135}" y="${m + i * 16}" font-size="11">${esc(s)}</text>`;
      return path + dots + legend;
    })
    .join('');
  const axes = `<line x1="${px(0)}" y1="${py(0)}" x2="${px(1)}" y2="${py(0)}" stroke="#333"/><line x1="${px(0)}" y1="${py(0)}" x2="${px(0)}" y2="${py(1)}" stroke="#333"/><text x="${w / 2}" y="${h - 10}" font-size="12" text-anchor="middle">${esc(xLabel)}</text><text x="14" y="${h / 2}" font-size="12" text-anchor="middle" transform="rotate(-90 14 ${h / 2})">${esc(yLabel)}</text>`;
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${grid}${axes}${body}</svg>`;
}

/** Rows × columns of rates (0–1 or null), white → red. */
export function heatMap(rows: readonly string[], cols: readonly string[], value: (row: string, col: string) => number | null): string {
  const [cw, ch, left, top] = [58, 20, 130, 110];
  const w = left + cols.length * cw + 10;
  const h = top + rows.length * ch + 10;
  const head = cols.map((c, j) => `<text font-size="10" transform="translate(${left + j * cw + cw / 2},${top - 6}) rotate(-45)">${esc(c)}</text>`).join('');
  const cells = rows
    .map((r, i) => {
      const label = `<text x="${left - 6}" y="${top + i * ch + 14}" font-size="11" text-anchor="end">${esc(r)}</text>`;
      return label + cols.map((c, j) => {
        const v = value(r, c);
        const shade = v === null ? '#f4f4f4' : `rgb(255,${Math.round(255 * (1 - v))},${Math.round(255 * (1 - v))})`;
        const text = v === null ? '' : `${Math.round(v * 100)}%`;
        return `<rect x="${left + j * cw}" y="${top + i * ch}" width="${cw - 2}" height="${ch - 2}" fill="${shade}"><title>${esc(`${r} × ${c}: ${text || 'n/a'}`)}</title></rect><text x="${left + j * cw + cw / 2 - 1}" y="${top + i * ch + 14}" font-size="10" text-anchor="middle" fill="${(v ?? 0) > 0.6 ? '#fff' : '#222'}">${text}</text>`;
      }).join('');
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${head}${cells}</svg>`;
}

export interface SavingsBar {
  label: string;
  safe: number;
  liability: number;
}

/** Safe savings (green) and bad-hit "savings" shown as a liability (red), per 1K requests. */
export function savingsBars(bars: readonly SavingsBar[], unit: string): string {
  const [left, bh, w] = [170, 18, 620];
  const max = Math.max(1e-9, ...bars.map((b) => Math.max(b.safe, b.liability)));
  const scale = (v: number) => (v / max) * (w - left - 90);
  const h = bars.length * (bh * 2 + 8) + 30;
  const rows = bars
    .map((b, i) => {
      const y = 10 + i * (bh * 2 + 8);
      return `<text x="${left - 6}" y="${y + bh}" font-size="11" text-anchor="end">${esc(b.label)}</text><rect x="${left}" y="${y}" width="${f(scale(b.safe))}" height="${bh - 2}" fill="#2ca02c"/><text x="${f(left + scale(b.safe) + 4)}" y="${y + 12}" font-size="10">${unit}${b.safe.toFixed(2)} safe</text><rect x="${left}" y="${y + bh}" width="${f(scale(b.liability))}" height="${bh - 2}" fill="#d62728"/><text x="${f(left + scale(b.liability) + 4)}" y="${y + bh + 12}" font-size="10">${unit}${b.liability.toFixed(2)} from bad hits</text>`;
    })
    .join('');
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${w} ${h}" width="${w}" height="${h}" role="img">${rows}</svg>`;
}
