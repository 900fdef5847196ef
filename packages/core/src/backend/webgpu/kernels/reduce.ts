/**
 * Reductions (sum, prod, max, min, all, any) over any dims, with arg positions for max/min.
 * Three index spaces, each a walk section in meta: output k -> out (and indices) offsets, output
 * k -> x's base offset (kept dims), reduced position r -> x's offset from that base. Short
 * reductions run one thread per output; long ones one workgroup per output (strided partial
 * results, then a tree in workgroup memory). Max/min: the first extreme wins, a NaN is the
 * extreme (the first NaN), as PyTorch and the js oracle.
 */
import type { ReduceOp, View } from '../../types';
import { Bindings, WG, groups, run } from '../dispatch';
import { HEADER, own, section, sectionWgsl, type Walk } from '../layout';
import type { WgslType } from '../storage';
import { cast, zero } from './copy';
import { mathWgsl } from './math-wgsl';

/** Reductions at least this long with few outputs get a workgroup per output. */
const LONG = 256;

interface Plan {
  readonly on: number;
  readonly rn: number;
  readonly keptShape: number[];
  readonly keptWalk: Walk;
  readonly redShape: number[];
  readonly redWalk: Walk;
}

function plan(x: View, dims: readonly number[]): Plan {
  const keptShape: number[] = [], keptStrides: number[] = [], redShape: number[] = [], redStrides: number[] = [];
  x.shape.forEach((s, d) => {
    if (dims.includes(d)) { redShape.push(s); redStrides.push(x.strides[d]!); }
    else { keptShape.push(s); keptStrides.push(x.strides[d]!); }
  });
  const prod = (a: readonly number[]): number => a.reduce((p, v) => p * v, 1);
  return {
    on: prod(keptShape), rn: prod(redShape), keptShape, redShape,
    keptWalk: { strides: keptStrides, offset: x.offset }, redWalk: { strides: redStrides, offset: 0 },
  };
}

/** The accumulator's WGSL type, start value and combining step (for sum/prod/all/any). */
function fold(op: ReduceOp, tx: WgslType, to: WgslType): { t: WgslType; init: string; step: (acc: string, v: string) => string; read: (e: string) => string } {
  switch (op) {
    case 'sum': case 'prod': {
      const t: WgslType = to === 'u32' ? 'i32' : to;
      const one = t === 'f32' ? '1.0' : '1i';
      return { t, init: op === 'sum' ? zero(t) : one, step: (a, v) => op === 'sum' ? `${a} + ${v}` : `${a} * ${v}`, read: (e) => cast(e, tx, t) };
    }
    case 'all': return { t: 'u32', init: '1u', step: (a, v) => `${a} & ${v}`, read: (e) => cast(e, tx, 'u32') };
    default: return { t: 'u32', init: '0u', step: (a, v) => `${a} | ${v}`, read: (e) => cast(e, tx, 'u32') };
  }
}

export function reduceKernel(op: ReduceOp, x: View, dims: readonly number[], out: View, indices?: View): void {
  const p = plan(x, dims);
  if (p.on === 0) return;
  if (p.rn === 0 && (op === 'max' || op === 'min')) {
    throw new Error(`${op}(): Expected reduction dim to be specified for input.numel() == 0. Specify the reduction dim with the 'dim' argument.`);
  }
  const k = new Bindings();
  const xs = k.slot(x), os = k.slot(out), is = indices === undefined ? -1 : k.slot(indices);
  const tx = k.type(xs), to = k.type(os);
  // meta: [on, rn], then the out section (out, indices), the kept section, the reduced section
  const outWalks = indices === undefined ? [own(out)] : [own(out), own(indices)];
  const a = section(out.shape, outWalks);
  const b = section(p.keptShape, [p.keptWalk]);
  const c = section(p.redShape, [p.redWalk]);
  const baseA = HEADER, baseB = baseA + a.data.length, baseC = baseB + b.data.length;
  const meta = new Int32Array(baseC + c.data.length);
  meta[0] = p.on;
  meta[1] = p.rn;
  meta.set(a.data, baseA);
  meta.set(b.data, baseB);
  meta.set(c.data, baseC);
  const wide = p.rn >= LONG && p.on < 8192;
  const arg = op === 'max' || op === 'min';
  const outOffsets = sectionWgsl(baseA, a.rank, outWalks.length, 'g', 'q');
  const keptOffset = sectionWgsl(baseB, b.rank, 1, 'g', 'x');
  const redOffset = sectionWgsl(baseC, c.rank, 1, 'r', 'y');
  const load = `b${xs}[x0 + y0]`;
  let src: string;
  if (arg) {
    const better = op === 'max' ? '>' : '<';
    // (value, position) pairs: a NaN beats everything, ties keep the lower position
    const beats = `fn beats(v: ${tx}, i: i32, w: ${tx}, j: i32) -> bool {
  let vn = ${tx === 'f32' ? 'isnan_(v)' : 'false'}; let wn = ${tx === 'f32' ? 'isnan_(w)' : 'false'};
  if (vn || wn) { return vn && (!wn || i < j); }
  return v ${better} w || (v == w && i < j);
}`;
    const write = `  b${os}[q0] = best;${is >= 0 ? `\n  b${is}[q1] = bi;` : ''}`;
    src = mathWgsl(['isnan_']) + '\n' + beats + '\n' + body(wide, tx, 'i32', outOffsets, keptOffset, redOffset, load,
      'var best = v0; var bi = 0i;', (v) => `if (beats(${v}, r, best, bi)) { best = ${v}; bi = r; }`,
      (other, oi) => `if (beats(${other}, ${oi}, best, bi)) { best = ${other}; bi = ${oi}; }`, write, true);
  } else {
    const f = fold(op, tx, to);
    src = body(wide, f.t, null, outOffsets, keptOffset, redOffset, f.read(load), `var acc = ${f.init};`,
      (v) => `acc = ${f.step('acc', v)};`, (other) => `acc = ${f.step('acc', other)};`,
      `  b${os}[q0] = ${cast('acc', f.t, to)};`, false);
  }
  const n = wide ? p.on * WG : p.on;
  run(`reduce:${op}:${wide ? 'w' : 't'}:${a.rank}${b.rank}${c.rank}:${xs}${os}${is}`, () => k.wgsl() + src, k, meta, n,
    wide ? groups(p.on, 1) : undefined);
}

/**
 * The kernel body. Thread mode: thread g folds all rn positions. Wide mode: workgroup g's threads
 * fold positions li, li + WG, ... then combine pairwise in workgroup memory.
 */
function body(
  wide: boolean, t: WgslType, it: 'i32' | null, outOffsets: string, keptOffset: string, redOffset: string, load: string,
  init: string, step: (v: string) => string, combine: (other: string, otherIndex: string) => string, write: string, pairs: boolean,
): string {
  const first = pairs ? `  var r = 0i;\n${redOffset}\n  let v0 = ${load};\n  ${init}` : `  ${init}`;
  const loop = (start: string, inc: string): string => `  for (var r = ${start}; r < prm[1]; r += ${inc}) {
${redOffset}
    let v = ${load};
    ${step('v')}
  }`;
  if (!wide) {
    return `
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let g = i32((wg.y * nw.x + wg.x) * ${WG}u + li);
  if (g >= prm[0]) { return; }
${keptOffset}
${first}
${loop(pairs ? '1i' : '0i', '1i')}
${outOffsets}
${write}
}`;
  }
  const accName = pairs ? 'best' : 'acc';
  return `
var<workgroup> sv: array<${t}, ${WG}>;
${it !== null ? `var<workgroup> si: array<i32, ${WG}>;` : ''}
@compute @workgroup_size(${WG})
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let g = i32(wg.y * nw.x + wg.x);
  if (g >= prm[0]) { return; }
  let lane = i32(li);
${keptOffset}
${pairs ? `  var r = lane;\n${redOffset}\n  let v0 = ${load};\n  var best = v0; var bi = lane;` : first}
${loop(pairs ? `lane + ${WG}` : 'lane', `${WG}`)}
  sv[li] = ${accName};${pairs ? '\n  si[li] = bi;' : ''}
  workgroupBarrier();
  for (var w = ${WG / 2}u; w > 0u; w = w / 2u) {
    if (li < w) {
      ${pairs ? `let ov = sv[li + w]; let oi = si[li + w];\n      ${combine('ov', 'oi')}\n      sv[li] = best; si[li] = bi;` : `${combine('sv[li + w]', '')}\n      sv[li] = acc;`}
    }
    workgroupBarrier();
  }
  if (li != 0u) { return; }
${pairs ? '  best = sv[0]; bi = si[0];' : '  acc = sv[0];'}
${outOffsets}
${write}
}`;
}
