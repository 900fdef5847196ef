/**
 * softmax / logSoftmax over dim 1 of a strided [N, C, K] view, and their backward: one workgroup
 * of 64 threads per line (n, k). Each thread folds every 64th element of the line, then a tree
 * in workgroup memory combines the 64 partials (the max first, then the sum of exp(x - max)).
 * Forward: log: (x - max) - log(sum); else exp(x - max) / sum. Backward: log: g - exp(y) * sum(g);
 * else (g - sum(g * y)) * y. The output is written dense [N, C, K].
 */
import type { View } from '../../types';
import { Bindings, groups, run } from '../dispatch';
import { metaWgsl, NAN_WGSL, packMeta, SPECIAL_WGSL, withDenseOut, type Fields } from './kit';

const TREE = /* wgsl */ `
var<workgroup> part: array<f32, 64>;
fn treeSum(li: u32, v: f32) -> f32 {
  part[li] = v;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (li < s) { part[li] = part[li] + part[li + s]; }
    workgroupBarrier();
  }
  let r = part[0];
  workgroupBarrier();
  return r;
}
fn treeMax(li: u32, v: f32) -> f32 {
  part[li] = v;
  workgroupBarrier();
  for (var s = 32u; s > 0u; s >>= 1u) {
    if (li < s) {
      let o = part[li + s];
      if (o > part[li] || isNan(o)) { part[li] = o; }
    }
    workgroupBarrier();
  }
  let r = part[0];
  workgroupBarrier();
  return r;
}
`;

/** The line a workgroup owns, and whether it exists (uniform per workgroup: barriers stay legal). */
const LINE = `
  let line = wg.y * nw.x + wg.x;
  let live = line < p.N * p.K;
  let n = line / max(p.K, 1u);
  let k = line % max(p.K, 1u);`;

const FORWARD: Fields = [['N', 'u32'], ['C', 'u32'], ['K', 'u32'], ['log', 'u32'], ['xOff', 'u32'], ['xN', 'u32'], ['xC', 'u32'], ['xK', 'u32'], ['oOff', 'u32']];

function forwardWgsl(x: string, o: string): string {
  return /* wgsl */ `${metaWgsl(FORWARD)}${NAN_WGSL}${SPECIAL_WGSL}${TREE}
@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let p = params();${LINE}
  let base = p.xOff + n * p.xN + k * p.xK;
  var m = negInfF32();
  if (live) {
    for (var c = li; c < p.C; c += 64u) {
      let v = ${x}[base + c * p.xC];
      if (v > m || isNan(v)) { m = v; }
    }
  }
  let mx = treeMax(li, m);
  var s = 0.0;
  if (live) {
    for (var c = li; c < p.C; c += 64u) { s += expF(${x}[base + c * p.xC] - mx); }
  }
  let sum = treeSum(li, s);
  if (!live) { return; }
  let ob = p.oOff + n * p.C * p.K + k;
  if (p.log != 0u) {
    let ls = log(sum);
    for (var c = li; c < p.C; c += 64u) { ${o}[ob + c * p.K] = (${x}[base + c * p.xC] - mx) - ls; }
  } else {
    for (var c = li; c < p.C; c += 64u) { ${o}[ob + c * p.K] = expF(${x}[base + c * p.xC] - mx) / sum; }
  }
}
`;
}

const BACKWARD: Fields = [
  ['N', 'u32'], ['C', 'u32'], ['K', 'u32'], ['log', 'u32'], ['gOff', 'u32'], ['gN', 'u32'], ['gC', 'u32'], ['gK', 'u32'],
  ['yOff', 'u32'], ['yN', 'u32'], ['yC', 'u32'], ['yK', 'u32'], ['oOff', 'u32'],
];

function backwardWgsl(g: string, y: string, o: string): string {
  return /* wgsl */ `${metaWgsl(BACKWARD)}${NAN_WGSL}${TREE}
@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let p = params();${LINE}
  let gb = p.gOff + n * p.gN + k * p.gK;
  let yb = p.yOff + n * p.yN + k * p.yK;
  var s = 0.0;
  if (live) {
    for (var c = li; c < p.C; c += 64u) {
      let gv = ${g}[gb + c * p.gC];
      if (p.log != 0u) { s += gv; } else { s = fma(gv, ${y}[yb + c * p.yC], s); }
    }
  }
  let sum = treeSum(li, s);
  if (!live) { return; }
  let ob = p.oOff + n * p.C * p.K + k;
  for (var c = li; c < p.C; c += 64u) {
    let gv = ${g}[gb + c * p.gC];
    let yv = ${y}[yb + c * p.yC];
    if (p.log != 0u) { ${o}[ob + c * p.K] = fma(-expF(yv), sum, gv); } else { ${o}[ob + c * p.K] = (gv - sum) * yv; }
  }
}
`;
}

function geometry(v: View, prefix: string): Record<string, number> {
  return { [`${prefix}Off`]: v.offset, [`${prefix}N`]: v.strides[0]!, [`${prefix}C`]: v.strides[1]!, [`${prefix}K`]: v.strides[2]! };
}

export function softmaxKernel(x: View, out: View, log: boolean): void {
  const [N, C, K] = x.shape as [number, number, number];
  if (N * C * K === 0) return;
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sx = k.slot(x), so = k.slot(o);
    const meta = packMeta(FORWARD, { N, C, K, log: log ? 1 : 0, ...geometry(x, 'x'), oOff: o.offset });
    run(`softmax:${sx}${so}`, () => k.wgsl() + forwardWgsl(`b${sx}`, `b${so}`), k, meta, 0, groups(N * K, 1));
  });
}

export function softmaxBackwardKernel(g: View, y: View, out: View, log: boolean): void {
  const [N, C, K] = g.shape as [number, number, number];
  if (N * C * K === 0) return;
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sg = k.slot(g), sy = k.slot(y), so = k.slot(o);
    const meta = packMeta(BACKWARD, { N, C, K, log: log ? 1 : 0, ...geometry(g, 'g'), ...geometry(y, 'y'), oOff: o.offset });
    run(`softmaxBackward:${sg}${sy}${so}`, () => k.wgsl() + backwardWgsl(`b${sg}`, `b${sy}`, `b${so}`), k, meta, 0, groups(N * K, 1));
  });
}
