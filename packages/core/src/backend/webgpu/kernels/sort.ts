/**
 * Stable sort / top-k along one dim. The order is total: value (NaN above every number), then
 * original position, so any sorting network gives the stable result.
 * - Short lines (n <= RANK_MAX): one thread per element counts the elements of its line that sort
 *   before it and, when that rank is below k, writes itself there (one dispatch, n reads each).
 * - Long lines: a bitonic sort of (value, position) pairs in a temporary padded to a power of two
 *   P per line (pads sort last), log2(P) * (log2(P) + 1) / 2 compare-exchange passes, then the
 *   first k of each line are written out.
 * x has any rank and strides; values and indices are written dense with x's shape with dim
 * replaced by k. Parameters: head words (rank, dim, total, k, descending, xOff, vOff, iOff, n, P,
 * blockSize, stride), then x's shape and strides.
 */
import type { View } from '../../types';
import { Bindings, groups, run } from '../dispatch';
import type { WgslType } from '../storage';
import { atLeast1, denseTemp, isDense, M_WGSL, NAN_WGSL, numel, packLists, withDenseOut } from './kit';
import { copyKernel } from './copy';

const H = 12;
const RANK_MAX = 256;

/** Comparator and line geometry every sort shader shares. */
function prelude(t: WgslType): string {
  const nanOf = t === 'f32' ? 'isNan' : 'noNan';
  return /* wgsl */ `${M_WGSL}${NAN_WGSL}
fn noNan(v: ${t}) -> bool { return false; }
/** Whether a (at position i) sorts before b (at position j). */
fn before(a: ${t}, i: u32, b: ${t}, j: u32) -> bool {
  let na = ${nanOf}(a);
  let nb = ${nanOf}(b);
  if (na || nb) {
    if (na && nb) { return i < j; }
    return select(nb, na, m(4) != 0u);
  }
  if (a == b) { return i < j; }
  return select((a < b), (a > b), m(4) != 0u);
}
/** x's offset of a line's first element and the output's (dense, dim of size k), plus the output's dim stride. */
fn lineBases(line: u32) -> vec3u {
  let dim = m(1);
  let rank = m(0);
  var rem = line;
  var xb = m(5);
  var ob = 0u;
  var os = 1u;
  var od = 1u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let du = u32(d);
    if (du == dim) { od = os; os *= m(3); continue; }
    let size = m(${H}u + du);
    let c = rem % size;
    rem = rem / size;
    xb += c * m(${H}u + rank + du);
    ob += c * os;
    os *= size;
  }
  return vec3u(xb, ob, od);
}
fn dimStride() -> u32 { return m(${H}u + m(0) + m(1)); }
@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let e = (wg.y * nw.x + wg.x) * 64u + li;
  if (e >= m(2)) { return; }
  let n = m(8);
`;
}

function rankWgsl(t: WgslType, x: string, v: string, ix: string): string {
  return `${prelude(t)}
  let pos = e % n;
  let base = lineBases(e / n);
  let sd = dimStride();
  let val = ${x}[base.x + pos * sd];
  var r = 0u;
  for (var s = 0u; s < n; s++) {
    if (s != pos && before(${x}[base.x + s * sd], s, val, pos)) { r++; }
  }
  if (r < m(3)) {
    ${v}[m(6) + base.y + r * base.z] = val;
    ${ix}[m(7) + base.y + r * base.z] = i32(pos);
  }
}
`;
}

/** Fills the padded pairs: keys and positions (pads keep their position >= n: they sort last). */
function bitonicInitWgsl(t: WgslType, x: string, keys: string, pos: string): string {
  return `${prelude(t)}
  let P = m(9);
  let p = e % P;
  var key = ${t}(0);
  if (p < n) { key = ${x}[lineBases(e / P).x + p * dimStride()]; }
  ${keys}[e] = key;
  ${pos}[e] = i32(p);
}
`;
}

/** One compare-exchange pass of the bitonic network (block size m(10), partner distance m(11)). */
function bitonicStepWgsl(t: WgslType, keys: string, pos: string): string {
  return `${prelude(t)}
  let P = m(9);
  let kk = m(10);
  let j = m(11);
  let half = P / 2u;
  let line = e / half;
  let i = e % half;
  let a = 2u * j * (i / j) + (i % j);
  let b = a + j;
  let ia = line * P + a;
  let ib = line * P + b;
  let ka = ${keys}[ia]; let pa = u32(${pos}[ia]);
  let kb = ${keys}[ib]; let pb = u32(${pos}[ib]);
  // Pads (position >= n) sort after everything.
  var bFirst = false;
  if (pa >= n || pb >= n) { bFirst = pb < pa && (pb < n || pa >= n); } else { bFirst = before(kb, pb, ka, pa); }
  let up = (a & kk) == 0u;
  if (bFirst == up) {
    ${keys}[ia] = kb; ${pos}[ia] = i32(pb);
    ${keys}[ib] = ka; ${pos}[ib] = i32(pa);
  }
}
`;
}

/** The first k pairs of each sorted line into values and indices. */
function bitonicWriteWgsl(t: WgslType, keys: string, pos: string, v: string, ix: string): string {
  return `${prelude(t)}
  let k = m(3);
  let line = e / k;
  let r = e % k;
  let base = lineBases(line);
  ${v}[m(6) + base.y + r * base.z] = ${keys}[line * m(9) + r];
  ${ix}[m(7) + base.y + r * base.z] = ${pos}[line * m(9) + r];
}
`;
}

export function sortKernel(x: View, dim: number, descending: boolean, k: number, values: View, indices: View): void {
  const total = numel(x);
  if (total === 0 || k === 0) return;
  const [shape, strides] = atLeast1(x.shape, x.strides);
  const n = shape[dim]!, lines = total / n;
  const idx = isDense(indices) ? indices : denseTemp(indices.shape, 'int32');
  withDenseOut(values, (o) => {
    const head = (threads: number, P: number, kk: number, j: number): Int32Array =>
      packLists([shape.length, dim, threads, k, descending ? 1 : 0, x.offset, o.offset, idx.offset, n, P, kk, j], [shape, strides]);
    if (n <= RANK_MAX) {
      const b = new Bindings();
      const sx = b.slot(x), so = b.slot(o), si = b.slot(idx);
      run(`sort:${sx}${so}${si}`, () => b.wgsl() + rankWgsl(b.type(sx), `b${sx}`, `b${so}`, `b${si}`), b, head(total, 0, 0, 0), 0, groups(total, 64));
      return;
    }
    const P = 2 ** Math.ceil(Math.log2(n));
    const keys = denseTemp([lines * P], x.dtype), pos = denseTemp([lines * P], 'int32');
    const init = new Bindings();
    const ix = init.slot(x), ik = init.slot(keys), ip = init.slot(pos);
    const t = init.type(ix);
    run(`sortInit:${ix}${ik}${ip}`, () => init.wgsl() + bitonicInitWgsl(t, `b${ix}`, `b${ik}`, `b${ip}`), init, head(lines * P, P, 0, 0), 0, groups(lines * P, 64));
    const step = new Bindings();
    const sk = step.slot(keys), sp = step.slot(pos);
    for (let kk = 2; kk <= P; kk *= 2) {
      for (let j = kk / 2; j >= 1; j /= 2) {
        run(`sortStep:${sk}${sp}`, () => step.wgsl() + bitonicStepWgsl(t, `b${sk}`, `b${sp}`), step, head(lines * P / 2, P, kk, j), 0, groups(lines * P / 2, 64));
      }
    }
    const out = new Bindings();
    const wk = out.slot(keys), wp = out.slot(pos), wv = out.slot(o), wi = out.slot(idx);
    run(`sortWrite:${wk}${wp}${wv}${wi}`, () => out.wgsl() + bitonicWriteWgsl(t, `b${wk}`, `b${wp}`, `b${wv}`, `b${wi}`), out, head(lines * k, P, 0, 0), 0, groups(lines * k, 64));
  });
  if (idx !== indices) copyKernel(idx, indices);
}
