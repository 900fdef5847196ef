/**
 * Loss and metric curves as a standalone SVG file: one panel per quantity (loss, then each
 * metric), training in blue and validation in orange, epochs on the x axis.
 */
import { nodeFs } from '../node-host';
import type { History } from './types';

const PANEL_W = 420;
const PANEL_H = 240;
const PAD = { left: 56, right: 16, top: 28, bottom: 36 };
const COLORS = { train: '#1f77b4', val: '#ff7f0e' };

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function tickLabel(v: number): string {
  if (v === 0) return '0';
  const a = Math.abs(v);
  return a >= 1e4 || a < 1e-3 ? v.toExponential(1) : String(Number(v.toPrecision(3)));
}

function panel(history: History, key: string, x0: number): string {
  const epochs = history.epochs.map((e) => e.epoch);
  const series: [keyof typeof COLORS, (number | undefined)[]][] = [
    ['train', history.epochs.map((e) => e.train[key])],
    ['val', history.epochs.map((e) => e.val?.[key])],
  ];
  const values = series.flatMap(([, s]) => s).filter((v): v is number => v !== undefined && Number.isFinite(v));
  let lo = Math.min(...values);
  let hi = Math.max(...values);
  if (!(hi > lo)) {
    lo -= 0.5;
    hi += 0.5;
  }
  const firstEpoch = epochs[0] ?? 1;
  const lastEpoch = epochs[epochs.length - 1] ?? 1;
  const spanE = Math.max(lastEpoch - firstEpoch, 1);
  const w = PANEL_W - PAD.left - PAD.right;
  const h = PANEL_H - PAD.top - PAD.bottom;
  const px = (e: number): number => x0 + PAD.left + ((e - firstEpoch) / spanE) * w;
  const py = (v: number): number => PAD.top + (1 - (v - lo) / (hi - lo)) * h;
  const out: string[] = [];
  out.push(`<text x="${x0 + PANEL_W / 2}" y="18" text-anchor="middle" font-size="13">${escapeXml(key)}</text>`);
  out.push(`<rect x="${x0 + PAD.left}" y="${PAD.top}" width="${w}" height="${h}" fill="none" stroke="#999"/>`);
  for (let i = 0; i <= 4; i++) {
    const v = lo + ((hi - lo) * i) / 4;
    const y = py(v).toFixed(1);
    out.push(`<line x1="${x0 + PAD.left - 4}" y1="${y}" x2="${x0 + PAD.left}" y2="${y}" stroke="#999"/>`);
    out.push(`<text x="${x0 + PAD.left - 6}" y="${y}" text-anchor="end" dominant-baseline="middle" font-size="10">${tickLabel(v)}</text>`);
  }
  out.push(`<text x="${x0 + PAD.left}" y="${PANEL_H - 16}" font-size="10">${firstEpoch}</text>`);
  out.push(`<text x="${x0 + PAD.left + w}" y="${PANEL_H - 16}" text-anchor="end" font-size="10">${lastEpoch}</text>`);
  out.push(`<text x="${x0 + PAD.left + w / 2}" y="${PANEL_H - 6}" text-anchor="middle" font-size="10">epoch</text>`);
  for (const [name, s] of series) {
    const pts = s
      .map((v, i) => (v === undefined || !Number.isFinite(v) ? null : `${px(epochs[i]!).toFixed(1)},${py(v).toFixed(1)}`))
      .filter((p): p is string => p !== null);
    if (pts.length === 0) continue;
    out.push(`<polyline fill="none" stroke="${COLORS[name]}" stroke-width="1.5" points="${pts.join(' ')}"/>`);
    if (pts.length === 1) out.push(`<circle cx="${pts[0]!.split(',')[0]}" cy="${pts[0]!.split(',')[1]}" r="2.5" fill="${COLORS[name]}"/>`);
  }
  return out.join('\n');
}

/**
 * The curves of a run as SVG text (loss first, then the metrics, train and validation).
 * @example writeFileSync('curves.svg', renderCurvesSvg(history));
 */
export function renderCurvesSvg(history: History): string {
  const keys: string[] = [];
  for (const e of history.epochs) {
    for (const k of [...Object.keys(e.train), ...Object.keys(e.val ?? {})]) if (!keys.includes(k)) keys.push(k);
  }
  const width = Math.max(1, keys.length) * PANEL_W;
  const height = PANEL_H + 24;
  const legendY = PANEL_H + 14;
  const body = keys.map((k, i) => panel(history, k, i * PANEL_W));
  const legend = [
    `<rect x="10" y="${legendY - 8}" width="12" height="3" fill="${COLORS.train}"/><text x="26" y="${legendY}" font-size="11">train</text>`,
    `<rect x="70" y="${legendY - 8}" width="12" height="3" fill="${COLORS.val}"/><text x="86" y="${legendY}" font-size="11">validation</text>`,
  ];
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    ...body,
    ...legend,
    '</svg>',
    '',
  ].join('\n');
}

/** Writes {@link renderCurvesSvg} to `path` (Node only). */
export function writeCurvesSvg(history: History, path: string): void {
  nodeFs().writeFileSync(path, renderCurvesSvg(history));
}
