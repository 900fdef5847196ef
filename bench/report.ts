/** The bench's table: medians per column, time ratios torchlet / peer, and the targets. */

export type Metrics = Record<string, number | string | undefined>;

export interface Column {
  readonly name: string;
  readonly metrics: Metrics;
  readonly note?: string | undefined;
}

interface Row {
  key: string;
  label: string;
  /** Higher is better (GFLOPS); ratios then invert so every ratio is a time ratio. */
  higherBetter?: boolean;
  digits: number;
}

const ROWS: Row[] = [
  { key: 'W1', label: 'W1 tutorial step, warm (us)', digits: 1 },
  { key: 'W1first', label: 'W1 first 1000 steps (us/step)', digits: 1 },
  { key: 'W2', label: 'W2 MLP 784-256-10 b128 step (ms)', digits: 2 },
  { key: 'W3', label: 'W3 matmul n=512 (GFLOPS)', higherBetter: true, digits: 1 },
  { key: 'W3relErr', label: 'W3 max rel. error vs float64', digits: -1 },
  { key: 'W4', label: 'W4 CNN b64 step (ms)', digits: 2 },
  { key: 'W5', label: 'W5 GPT 2L 4H d64 b8xT32 step (ms)', digits: 2 },
  { key: 'memGrowthPct', label: 'RSS growth over W2 soak (%)', digits: 1 },
];

const PEERS = ['PyTorch 1t', 'PyTorch', 'tfjs cpu', 'tfjs wasm'];

function num(c: Column | undefined, key: string): number | undefined {
  const v = c?.metrics[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

function fmt(v: number | undefined, digits: number): string {
  if (v === undefined) return '-';
  if (digits < 0) return v.toExponential(1);
  return v.toFixed(digits);
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]): string => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') + ' |';
  return [line(header), '|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|', ...rows.map(line)].join('\n');
}

/** The time ratio torchlet / peer for one row (below 1: torchlet is faster). */
function ratio(row: Row, t: number | undefined, p: number | undefined): number | undefined {
  if (t === undefined || p === undefined || t === 0 || p === 0) return undefined;
  return row.higherBetter ? p / t : t / p;
}

function targets(cols: Column[]): string[] {
  const by = (name: string): Column | undefined => cols.find((c) => c.name === name);
  const t = by('torchlet');
  const wasm1 = cols.find((c) => c.name === 'torchlet wasm 1t');
  const wasmN = cols.find((c) => /^torchlet wasm [2-9]\d*t$/.test(c.name));
  const check = (ok: boolean | undefined, text: string): string => `${ok === undefined ? 'n/a ' : ok ? 'MET ' : 'MISS'}  ${text}`;
  const lt = (v: number | undefined, lim: number): boolean | undefined => (v === undefined ? undefined : v <= lim);
  const gt = (v: number | undefined, lim: number): boolean | undefined => (v === undefined ? undefined : v >= lim);
  const w2 = Math.min(...[t, wasm1, wasmN].map((c) => num(c, 'W2') ?? Infinity));
  const w4 = num(t, 'W4'), tfw = num(by('tfjs wasm'), 'W4'), tfc = num(by('tfjs cpu'), 'W4');
  return [
    check(lt(num(t, 'W1'), 10), `W1 warm step <= 10 us: ${fmt(num(t, 'W1'), 1)} us`),
    check(lt(num(t, 'W1first'), 32), `W1 first 1000 steps <= 32 us/step: ${fmt(num(t, 'W1first'), 1)} us`),
    check(gt(num(wasm1, 'W3'), 55), `W3 wasm 1 thread >= 55 GFLOPS: ${fmt(num(wasm1, 'W3'), 1)}`),
    check(gt(num(wasmN, 'W3'), 100), `W3 wasm ${wasmN?.name.split(' ').pop() ?? ''} >= 100 GFLOPS: ${fmt(num(wasmN, 'W3'), 1)}`),
    check(lt(num(t, 'W3relErr'), 1e-5), `W3 within 1e-5 relative of float64: ${fmt(num(t, 'W3relErr'), -1)}`),
    check(Number.isFinite(w2) ? w2 <= 3 : undefined, `W2 wasm <= 3 ms/step: ${Number.isFinite(w2) ? w2.toFixed(2) : '-'} ms`),
    check(w4 !== undefined && tfw !== undefined ? tfw / w4 >= 3 : undefined,
      `W4 >= 3x faster than tfjs wasm: ${w4 !== undefined && tfw !== undefined ? (tfw / w4).toFixed(1) + 'x' : 'tfjs wasm could not run W4'}` +
      (w4 !== undefined && tfc !== undefined ? ` (vs tfjs cpu: ${(tfc / w4).toFixed(1)}x)` : '')),
    check(lt(num(t, 'memGrowthPct'), 10), `RSS growth < 10% over ${fmt(num(t, 'memSteps'), 0)} W2 steps: ${fmt(num(t, 'memGrowthPct'), 1)}%` +
      ` (${fmt(num(t, 'memStartMB'), 0)} -> ${fmt(num(t, 'memEndMB'), 0)} MB)`),
  ];
}

/** The whole report as printed by `npm run bench`. */
export function formatReport(cols: Column[], machine: Record<string, string | number>, quick: boolean): string {
  const out: string[] = [];
  out.push(`torchlet bench${quick ? ' (--quick)' : ''}: medians of 5 runs; ${machine.cpu}, ${machine.cores} cores, Node ${machine.node}`);
  if (Number(machine.loadAverageStart) > Number(machine.cores) * 0.5) {
    out.push(`WARNING: load average ${Number(machine.loadAverageStart).toFixed(1)} at start: other processes share the CPUs, timings are inflated.`);
  }
  out.push('');
  out.push(table(['workload', ...cols.map((c) => c.name)], ROWS.map((r) => [r.label, ...cols.map((c) => fmt(num(c, r.key), r.digits))])));
  const peers = cols.filter((c) => PEERS.includes(c.name));
  const t = cols.find((c) => c.name === 'torchlet');
  out.push('');
  out.push('time ratio torchlet / peer (below 1: torchlet faster; W3 as time for the same product):');
  out.push(table(['workload', ...peers.map((c) => c.name)], ROWS.filter((r) => !['W3relErr', 'memGrowthPct'].includes(r.key))
    .map((r) => [r.label, ...peers.map((p) => fmt(ratio(r, num(t, r.key), num(p, r.key)), 2))])));
  const notes = cols.flatMap((c) => {
    const errs = Object.entries(c.metrics).filter(([k, v]) => /(Error|note)$/.test(k) && typeof v === 'string')
      .map(([k, v]) => `${k.replace(/Error|note/, '')}: ${String(v)}`);
    return [...(c.note ? [`${c.name}: ${c.note}`] : []), ...errs.map((e) => `${c.name} ${e}`)];
  });
  if (notes.length) out.push('', 'notes:', ...notes.map((n) => '  ' + n));
  out.push('', 'targets:', ...targets(cols).map((l) => '  ' + l));
  return out.join('\n');
}
