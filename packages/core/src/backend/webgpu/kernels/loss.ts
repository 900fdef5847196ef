/**
 * NLL loss over log-probabilities x [N, C, K] (strided) at int32 targets [N, K]: 'none' (one
 * thread per position), the reductions (one workgroup summing the terms and the weights), the
 * gradient at the targets, and cross-entropy's gradient through log_softmax.
 *
 * What the GPU cannot do as the CPU does:
 * - check targets before writing (that needs a host read): a target outside [0, C) that is not
 *   ignoreIndex makes its loss term NaN (so 'mean' and 'sum' are NaN) and gets no gradient;
 * - return the total weight synchronously: nllLoss returns NaN, and the gradients recompute the
 *   total weight on the device (a one-float buffer) instead of using the number passed in;
 * - take the incoming gradient of a reduction as a number: it may come as a one-element view.
 * Sums run in a tree, not in PyTorch's cascade order: results agree to float rounding.
 */
import type { LossReduction, View } from '../../types';
import { Bindings, groups, run } from '../dispatch';
import { metaWgsl, NAN_WGSL, numel, packMeta, SPECIAL_WGSL, withDenseOut, denseTemp, type Fields } from './kit';

const MODE = { sum: 0, mean: 1, totalWeight: 2 } as const;
const GRAD_FROM = { number: 0, scalarView: 1, perPosition: 2 } as const;

const FIELDS: Fields = [
  ['total', 'u32'], ['N', 'u32'], ['C', 'u32'], ['K', 'u32'], ['ignore', 'i32'], ['mode', 'u32'],
  ['xOff', 'u32'], ['xN', 'u32'], ['xC', 'u32'], ['xK', 'u32'], ['tOff', 'u32'], ['tN', 'u32'], ['tK', 'u32'],
  ['wOff', 'u32'], ['wS', 'u32'], ['gFrom', 'u32'], ['gNum', 'f32'], ['gOff', 'u32'], ['gN', 'u32'], ['gK', 'u32'], ['oOff', 'u32'],
];

/** Binding names of one dispatch (null: not bound). */
interface Names { x: string | null; t: string; w: string | null; g: string | null; tw: string | null; o: string }

function common(b: Names): string {
  return /* wgsl */ `${metaWgsl(FIELDS)}${NAN_WGSL}${SPECIAL_WGSL}
fn targetAt(p: Meta, pos: u32) -> i32 { return ${b.t}[p.tOff + (pos / p.K) * p.tN + (pos % p.K) * p.tK]; }
fn valid(p: Meta, t: i32) -> bool { return t >= 0 && u32(t) < p.C; }
fn weightOf(p: Meta, t: i32) -> f32 { return ${b.w === null ? '1.0' : `${b.w}[p.wOff + u32(t) * p.wS]`}; }
fn xAt(p: Meta, n: u32, c: u32, k: u32) -> f32 { return ${b.x === null ? '0.0' : `${b.x}[p.xOff + n * p.xN + c * p.xC + k * p.xK]`}; }
fn gradAt(p: Meta, t: i32, n: u32, k: u32) -> f32 {
  let w = weightOf(p, t);
  ${b.g === null ? 'var g = p.gNum;' : `if (p.gFrom == ${GRAD_FROM.perPosition}u) { return -w * ${b.g}[p.gOff + n * p.gN + k * p.gK]; }
  var g = ${b.g}[p.gOff];`}
  ${b.tw === null ? '' : `if (p.mode == ${MODE.mean}u) { g = g / ${b.tw}[0]; }`}
  return w * -g;
}
`;
}

const THREAD = `
  let p = params();
  let e = (wg.y * nw.x + wg.x) * 64u + li;
  if (e >= p.total) { return; }`;
const ENTRY = '@compute @workgroup_size(64, 1, 1)\nfn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {';

function noneWgsl(b: Names): string {
  return `${common(b)}${ENTRY}${THREAD}
  let t = targetAt(p, e);
  var v = 0.0;
  if (t != p.ignore) {
    v = nanF32();
    if (valid(p, t)) { v = -xAt(p, e / p.K, u32(t), e % p.K) * weightOf(p, t); }
  }
  ${b.o}[p.oOff + e] = v;
}
`;
}

function reduceWgsl(b: Names): string {
  return `${common(b)}
var<workgroup> ls: array<f32, 256>;
var<workgroup> ws: array<f32, 256>;
@compute @workgroup_size(256, 1, 1)
fn main(@builtin(local_invocation_index) li: u32) {
  let p = params();
  var l = 0.0;
  var w = 0.0;
  for (var pos = li; pos < p.N * p.K; pos += 256u) {
    let t = targetAt(p, pos);
    if (t == p.ignore) { continue; }
    if (!valid(p, t)) { l = nanF32(); continue; }
    let wt = weightOf(p, t);
    w += wt;
    if (p.mode != ${MODE.totalWeight}u) { l -= xAt(p, pos / p.K, u32(t), pos % p.K) * wt; }
  }
  ls[li] = l;
  ws[li] = w;
  workgroupBarrier();
  for (var s = 128u; s > 0u; s >>= 1u) {
    if (li < s) { ls[li] = ls[li] + ls[li + s]; ws[li] = ws[li] + ws[li + s]; }
    workgroupBarrier();
  }
  if (li != 0u) { return; }
  switch (p.mode) {
    case ${MODE.sum}u: { ${b.o}[p.oOff] = ls[0]; }
    case ${MODE.mean}u: { ${b.o}[p.oOff] = ls[0] / ws[0]; }
    default: { ${b.o}[p.oOff] = ws[0]; }
  }
}
`;
}

/** Gradient at the targets into a zeroed out [N, C, K]. */
function gradWgsl(b: Names): string {
  return `${common(b)}${ENTRY}${THREAD}
  let t = targetAt(p, e);
  if (t == p.ignore || !valid(p, t)) { return; }
  let n = e / p.K; let k = e % p.K;
  ${b.o}[p.oOff + (n * p.C + u32(t)) * p.K + k] = gradAt(p, t, n, k);
}
`;
}

/** out[n, c, k] = [c == t] gl - exp(logp[n, c, k]) * gl, one thread per element. */
function crossEntropyWgsl(b: Names): string {
  return `${common(b)}${ENTRY}${THREAD}
  let k = e % p.K;
  let c = (e / p.K) % p.C;
  let n = e / (p.K * p.C);
  let t = targetAt(p, n * p.K + k);
  var v = 0.0;
  if (t != p.ignore && valid(p, t)) {
    let gl = gradAt(p, t, n, k);
    v = fma(-expF(xAt(p, n, c, k)), gl, select(0.0, gl, u32(t) == c));
  }
  ${b.o}[p.oOff + e] = v;
}
`;
}

type Source = (b: Names) => string;

/** Binds the views present, packs the parameters and runs `src` on `threads` threads (or one group). */
function dispatch(name: string, src: Source, v: { x?: View | null; t: View; w: View | null; g?: View | null; tw?: View | null; o: View },
  values: Record<string, number>, threads: number | null): void {
  const k = new Bindings();
  const slot = (view: View | null | undefined): string | null => (view ? `b${k.slot(view)}` : null);
  const names: Names = { x: slot(v.x), t: slot(v.t)!, w: slot(v.w), g: slot(v.g), tw: slot(v.tw), o: slot(v.o)! };
  const x = v.x ?? null, t = v.t, w = v.w, g = v.g ?? null;
  const meta = packMeta(FIELDS, {
    N: t.shape[0]!, K: t.shape[1]!, xOff: x?.offset ?? 0, xN: x?.strides[0] ?? 0, xC: x?.strides[1] ?? 0, xK: x?.strides[2] ?? 0,
    tOff: t.offset, tN: t.strides[0]!, tK: t.strides[1]!, wOff: w?.offset ?? 0, wS: w?.strides[0] ?? 0,
    gOff: g?.offset ?? 0, gN: g?.strides[0] ?? 0, gK: g?.strides[1] ?? 0, oOff: v.o.offset, gNum: 0, gFrom: 0, ...values,
  });
  const key = `${name}:${[names.x, names.t, names.w, names.g, names.tw, names.o].map((s) => s ?? '-').join(',')}`;
  run(key, () => k.wgsl() + src(names), k, meta, 0, threads === null ? [1, 1] : groups(threads, 64));
}

export function nllLossKernel(input: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, out: View): number {
  const [N, C, K] = input.shape as [number, number, number];
  const base = { C, ignore: ignoreIndex };
  if (reduction === 'none') {
    if (N * K > 0) {
      withDenseOut(out, (o) => dispatch('nllNone', noneWgsl, { x: input, t: target, w: weight, o }, { ...base, total: N * K, mode: 0 }, N * K));
    }
  } else {
    withDenseOut(out, (o) => dispatch('nllReduce', reduceWgsl, { x: input, t: target, w: weight, o }, { ...base, total: 1, mode: MODE[reduction] }, null));
  }
  // The total weight stays on the device (the gradients recompute it): no number to return.
  return NaN;
}

/** The incoming gradient's source and, for 'mean', the total weight computed into a buffer. */
function gradInputs(target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number, C: number):
  { g: View | null; tw: View | null; values: Record<string, number> } {
  const from = typeof grad === 'number' ? GRAD_FROM.number : reduction === 'none' ? GRAD_FROM.perPosition : GRAD_FROM.scalarView;
  let tw: View | null = null;
  if (reduction === 'mean') {
    tw = denseTemp([1], 'float32');
    dispatch('nllReduce', reduceWgsl, { t: target, w: weight, o: tw }, { total: 1, C, ignore: ignoreIndex, mode: MODE.totalWeight }, null);
  }
  return {
    g: typeof grad === 'number' ? null : grad, tw,
    values: { C, ignore: ignoreIndex, mode: MODE[reduction === 'none' ? 'sum' : reduction], gFrom: from, gNum: typeof grad === 'number' ? grad : 0 },
  };
}

export function nllLossGradKernel(target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction, grad: View | number,
  _totalWeight: number, numClasses: number, out: View): void {
  const [N, K] = target.shape as [number, number];
  if (N * K === 0) return;
  const { g, tw, values } = gradInputs(target, weight, ignoreIndex, reduction, grad, numClasses);
  withDenseOut(out, (o) => dispatch('nllGrad', gradWgsl, { t: target, w: weight, g, tw, o }, { ...values, total: N * K }, N * K), true);
}

export function crossEntropyGradKernel(logp: View, target: View, weight: View | null, ignoreIndex: number, reduction: LossReduction,
  grad: View | number, _totalWeight: number, out: View): void {
  const [N, C, K] = logp.shape as [number, number, number];
  const n = N * C * K;
  if (n === 0 || numel(target) === 0) return;
  const { g, tw, values } = gradInputs(target, weight, ignoreIndex, reduction, grad, C);
  withDenseOut(out, (o) => dispatch('crossEntropyGrad', crossEntropyWgsl, { x: logp, t: target, w: weight, g, tw, o }, { ...values, total: n }, n));
}
