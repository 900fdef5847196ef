/**
 * Issue 13's targets, each printed MET / MISS (n/a when a column could not run), from one run's
 * columns: every ratio compares figures measured in the same `npm run bench`.
 */
import type { Peak } from './peak';

export type Metrics = Record<string, number | string | undefined>;

export interface Column {
  readonly name: string;
  readonly metrics: Metrics;
  readonly note?: string | undefined;
}

export function num(c: Column | undefined, key: string): number | undefined {
  const v = c?.metrics[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

/** Time keys, where lower is better; everything else the targets read is GFLOPS. */
const higherBetter = (key: string): boolean => /^W3(n\d+)?$/.test(key);

/**
 * The column the targets call a role: 'default' is the backend `import 'torchlet'` gives on Node
 * (native when its column ran, else auto), 'portable' the best of auto and wasm per row (what
 * browsers get), 'PyTorch' the faster of PyTorch's 1-thread and all-core columns per row (its
 * default thread count is 1 on some VMs: see the report's note).
 */
export interface Roles {
  readonly name: string;
  value(key: string): number | undefined;
  /** Which column gave `key` (for best-of roles). */
  from(key: string): string;
}

function bestOf(label: string, cols: Column[]): Roles {
  const pick = (key: string): Column | undefined => {
    const have = cols.filter((c) => num(c, key) !== undefined);
    const hb = higherBetter(key);
    return have.reduce<Column | undefined>((b, c) => (b === undefined || (hb ? num(c, key)! > num(b, key)! : num(c, key)! < num(b, key)!) ? c : b), undefined);
  };
  return { name: label, value: (key) => num(pick(key), key), from: (key) => pick(key)?.name ?? '-' };
}

export function roles(cols: Column[]): { def: Roles; portable: Roles; torch: Roles; native: Column | undefined } {
  const by = (re: RegExp): Column[] => cols.filter((c) => re.test(c.name));
  const native = by(/^torchlet native$/).find((c) => c.note === undefined && num(c, 'threads') !== undefined);
  const auto = by(/^torchlet auto$/);
  const def = native ? bestOf('default (native)', [native]) : bestOf('default (auto)', auto);
  return { def, portable: bestOf('portable', [...auto, ...by(/^torchlet wasm \d+t$/)]), torch: bestOf('PyTorch', by(/^PyTorch \d+t$/)), native };
}

const fmt = (v: number | undefined, d = 2): string => (v === undefined ? '-' : v.toFixed(d));

export function targets(cols: Column[], peak: Peak): string[] {
  const { def, portable, torch, native } = roles(cols);
  const mark = (ok: boolean | undefined): string => (ok === undefined ? 'n/a ' : ok ? 'MET ' : 'MISS');
  /** A time ratio target: role's figure / PyTorch's <= limit. */
  const vsTorch = (who: Roles, key: string, label: string, limit: number, unit: string): string => {
    const a = who.value(key), b = torch.value(key);
    const r = a !== undefined && b !== undefined ? a / b : undefined;
    const src = who.name === 'portable' ? ` [${who.from(key)}]` : '';
    return `${mark(r === undefined ? undefined : r <= limit)}  ${label} ${who.name} <= ${limit}x PyTorch: ${fmt(a)} / ${fmt(b)} ${unit} = ${fmt(r)}x${src}`;
  };
  const w3 = (key: string, n: number): string[] => {
    const g = num(native, key), pt = torch.value(key), pk = peak.gflopsAll;
    return [
      `${mark(g === undefined || pt === undefined ? undefined : g >= pt)}  W3 n=${n} native >= 1.0x PyTorch's GFLOPS: ${fmt(g, 1)} vs ${fmt(pt, 1)} = ${fmt(g !== undefined && pt !== undefined ? g / pt : undefined)}x`,
      `${mark(g === undefined ? undefined : g >= 0.8 * pk)}  W3 n=${n} native >= 80% of the ${peak.threads}-core FMA peak: ${fmt(g, 1)} / ${fmt(pk, 1)} = ${fmt(g === undefined ? undefined : 100 * g / pk, 0)}%`,
    ];
  };
  const wasm1 = cols.find((c) => c.name === 'torchlet wasm 1t'), tfw = cols.find((c) => c.name === 'tfjs wasm');
  const w1t = num(wasm1, 'W3'), tf = num(tfw, 'W3');
  const soak = cols.find((c) => num(c, 'memGrowthPct') !== undefined);
  const auto = cols.find((c) => c.name === 'torchlet auto');
  // Before the wasm arena's 64 MB ceiling, a large product kept its whole peak (+360 MB).
  const kept = num(auto, 'wasmMemKeptMB'), memPeak = num(auto, 'wasmMemPeakMB'), operands = num(auto, 'wasmMemOperandsMB');
  const err = def.value('W3relErr');
  return [
    vsTorch(def, 'W1', 'W1 warm step,', 0.1, 'us'),
    vsTorch(def, 'W1first', 'W1 first 1000 steps,', 0.5, 'us/step'),
    vsTorch(def, 'W2b16', 'W2 b16', 1.0, 'ms'),
    vsTorch(def, 'W2', 'W2 b128', 0.8, 'ms'),
    vsTorch(def, 'W2b1024', 'W2 b1024', 1.0, 'ms'),
    vsTorch(portable, 'W2', 'W2 b128', 1.2, 'ms'),
    vsTorch(def, 'W4', 'W4', 1.0, 'ms'),
    vsTorch(portable, 'W4', 'W4', 1.5, 'ms'),
    ...w3('W3', 512),
    ...w3('W3n1024', 1024),
    `${mark(w1t === undefined || tf === undefined ? undefined : w1t >= 1.3 * tf)}  W3 n=512 wasm 1 thread >= 1.3x tfjs wasm: ${fmt(w1t, 1)} vs ${fmt(tf, 1)} GFLOPS = ${fmt(w1t !== undefined && tf !== undefined ? w1t / tf : undefined)}x`,
    `${mark(err === undefined ? undefined : err <= 1e-5)}  W3 ${def.name} within 1e-5 relative of float64: ${err === undefined ? '-' : err.toExponential(1)}`,
    vsTorch(def, 'W5', 'W5', 1.0, 'ms'),
    vsTorch(def, 'randn', 'randn(1e6)', 1.0, 'ms'),
    vsTorch(def, 'rand', 'rand(1e6)', 1.0, 'ms'),
    `${mark(soak ? num(soak, 'memGrowthPct')! < 10 : undefined)}  RSS growth < 10% over ${fmt(num(soak, 'memSteps'), 0)} W2 steps (${soak?.name ?? '-'}): ` +
      `${fmt(num(soak, 'memGrowthPct'), 1)}% (${fmt(num(soak, 'memStartMB'), 0)} -> ${fmt(num(soak, 'memEndMB'), 0)} MB)`,
    `${mark(kept === undefined || memPeak === undefined ? undefined : kept <= memPeak / 2)}  RSS kept after one 3072^3 wasm product (fresh process) <= half its peak: ` +
      `${fmt(kept, 0)} MB of +${fmt(memPeak, 0)} MB (operands ${fmt(operands, 0)} MB; the wasm arena stops growing at 64 MB)`,
  ];
}
