/** The bench's table: figures per column, time ratios against PyTorch, and issue 13's targets. */
import type { Peak } from './peak';
import { num, roles, targets, type Column, type Metrics } from './targets';

export type { Column, Metrics };

interface Row {
  key: string;
  label: string;
  /** Higher is better (GFLOPS); ratios then invert so every ratio is a time ratio. */
  higherBetter?: boolean;
  digits: number;
  /** Not a timing: left out of the ratio table. */
  noRatio?: boolean;
}

function rows(peak: Peak): Row[] {
  const pct = `% of ${peak.threads}-core peak`;
  return [
    { key: 'W1', label: 'W1 tutorial step, warm (us)', digits: 1 },
    { key: 'W1first', label: 'W1 first 1000 steps (us/step)', digits: 1 },
    { key: 'W2b16', label: 'W2 MLP 784-256-10 b16 step (ms)', digits: 2 },
    { key: 'W2', label: 'W2 MLP 784-256-10 b128 step (ms)', digits: 2 },
    { key: 'W2b1024', label: 'W2 MLP 784-256-10 b1024 step (ms)', digits: 2 },
    { key: 'W3', label: 'W3 matmul n=512 (GFLOPS)', higherBetter: true, digits: 1 },
    { key: 'W3pct', label: `W3 n=512, ${pct}`, digits: 0, noRatio: true },
    { key: 'W3n1024', label: 'W3 matmul n=1024 (GFLOPS)', higherBetter: true, digits: 1 },
    { key: 'W3n1024pct', label: `W3 n=1024, ${pct}`, digits: 0, noRatio: true },
    { key: 'W3relErr', label: 'W3 max rel. error vs float64', digits: -1, noRatio: true },
    { key: 'W4', label: 'W4 CNN b64 step (ms)', digits: 2 },
    { key: 'W5', label: 'W5 GPT 2L 4H d64 b8xT32 step (ms)', digits: 2 },
    { key: 'randn', label: 'randn(1e6) float32 (ms)', digits: 2 },
    { key: 'rand', label: 'rand(1e6) float32 (ms)', digits: 2 },
    { key: 'memGrowthPct', label: 'RSS growth over W2 soak (%)', digits: 1, noRatio: true },
    { key: 'wasmMemKeptMB', label: 'RSS kept after a 3072^3 product (MB)', digits: 0, noRatio: true },
  ];
}

function fmt(v: number | undefined, digits: number): string {
  if (v === undefined) return '-';
  if (digits < 0) return v.toExponential(1);
  return v.toFixed(digits);
}

function table(header: string[], body: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...body.map(line)].join('\n');
}

/** The columns with the derived "% of peak" figures added. */
function withPeak(cols: Column[], peak: Peak): Column[] {
  return cols.map((c) => {
    const m: Metrics = { ...c.metrics };
    for (const k of ['W3', 'W3n1024']) {
      const g = num(c, k);
      if (g !== undefined) m[`${k}pct`] = 100 * g / peak.gflopsAll;
    }
    return { ...c, metrics: m };
  });
}

/** The whole report as printed by `npm run bench`. */
export function formatReport(raw: Column[], machine: Record<string, string | number>, peak: Peak, quick: boolean): string {
  const cols = withPeak(raw, peak);
  const out: string[] = [];
  const rounds = Number(machine.rounds) > 1 ? `, median of ${machine.rounds} interleaved rounds` : '';
  out.push(`torchlet bench${quick ? ' (--quick)' : ''}${rounds}: ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  out.push(`float32 FMA peak (${peak.isa}, register-only FMA chains, best of many 2 ms tries): ${peak.gflops1.toFixed(0)} GFLOPS on 1 core, ` +
    `${peak.gflopsAll.toFixed(0)} on ${peak.threads}` + (peak.source === 'documented' ? ` [${peak.note ?? 'documented'}]` : ' (measured now)'));
  const torchDefault = cols.map((c) => num(c, 'defaultThreads')).find((v) => v !== undefined);
  if (torchDefault !== undefined) out.push(`PyTorch's default thread count here: ${torchDefault}; the targets compare with the faster of its columns, row by row.`);
  if (Number(machine.loadAverageStart) > Number(machine.cores) * 0.5) {
    out.push(`WARNING: load average ${Number(machine.loadAverageStart).toFixed(1)} at start: other processes share the CPUs, timings are inflated.`);
  }
  const all = rows(peak);
  out.push('');
  out.push(table(['workload', ...cols.map((c) => c.name)], all.map((r) => [r.label, ...cols.map((c) => fmt(num(c, r.key), r.digits))])));
  const { torch } = roles(cols);
  const mine = cols.filter((c) => c.name.startsWith('torchlet'));
  out.push('');
  out.push('time ratio torchlet / PyTorch (the faster of its columns; below 1: torchlet faster; W3 as time for the same product):');
  out.push(table(['workload', ...mine.map((c) => c.name)], all.filter((r) => !r.noRatio).map((r) => [r.label, ...mine.map((c) => {
    const t = num(c, r.key), p = torch.value(r.key);
    return fmt(t === undefined || p === undefined || t === 0 ? undefined : r.higherBetter ? p / t : t / p, 2);
  })])));
  const notes = cols.flatMap((c) => {
    const errs = Object.entries(c.metrics).filter(([k, v]) => /(Error|note)$/.test(k) && typeof v === 'string')
      .map(([k, v]) => `${k.replace(/Error|note/, '')}: ${String(v)}`);
    return [...(c.note ? [`${c.name}: ${c.note}`] : []), ...errs.map((e) => `${c.name} ${e}`)];
  });
  if (notes.length) out.push('', 'notes:', ...notes.map((n) => '  ' + n));
  out.push('', 'Steps: the fastest of 5 runs of back-to-back calls; W3: GFLOPS of the best single-product sample after a warm-up',
    '(results.json keeps W3\'s medians too: W3median). Other processes only ever slow a run down.');
  out.push('', 'targets (issue 13):', ...targets(cols, peak).map((l) => '  ' + l));
  return out.join('\n');
}
