/**
 * Stable sort / top-k along one dim by ranking: one thread per element counts the elements of
 * its line that sort before it (ties by position, NaN above every number) and, when its rank is
 * below k, writes itself there. That is n reads per thread: fine for the short lines of top-k and
 * sampling, quadratic work on long lines. x has any rank and strides; values and indices are
 * written dense with x's shape with dim replaced by k. Head words (rank, dim, total, k,
 * descending, xOff, vOff, iOff), then x's shape and strides.
 */
import type { View } from '../../types';
import { Bindings, groups, run } from '../dispatch';
import type { WgslType } from '../storage';
import { atLeast1, denseTemp, isDense, M_WGSL, NAN_WGSL, numel, packLists, withDenseOut } from './kit';
import { copyKernel } from './copy';

function sortWgsl(t: WgslType, x: string, v: string, ix: string): string {
  const H = 8;
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
@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let e = (wg.y * nw.x + wg.x) * 64u + li;
  if (e >= m(2)) { return; }
  let dim = m(1);
  let rank = m(0);
  let n = m(${H}u + dim);
  let sd = m(${H}u + rank + dim);
  let pos = e % n;
  var rem = e / n;
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
  let val = ${x}[xb + pos * sd];
  var r = 0u;
  for (var s = 0u; s < n; s++) {
    if (s != pos && before(${x}[xb + s * sd], s, val, pos)) { r++; }
  }
  if (r < m(3)) {
    ${v}[m(6) + ob + r * od] = val;
    ${ix}[m(7) + ob + r * od] = i32(pos);
  }
}
`;
}

export function sortKernel(x: View, dim: number, descending: boolean, k: number, values: View, indices: View): void {
  const total = numel(x);
  if (total === 0 || k === 0) return;
  const [shape, strides] = atLeast1(x.shape, x.strides);
  const idx = isDense(indices) ? indices : denseTemp(indices.shape, 'int32');
  withDenseOut(values, (o) => {
    const b = new Bindings();
    const sx = b.slot(x), so = b.slot(o), si = b.slot(idx);
    const meta = packLists([shape.length, dim, total, k, descending ? 1 : 0, x.offset, o.offset, idx.offset], [shape, strides]);
    run(`sort:${sx}${so}${si}`, () => b.wgsl() + sortWgsl(b.type(sx), `b${sx}`, `b${so}`, `b${si}`), b, meta, 0, groups(total, 64));
  });
  if (idx !== indices) copyKernel(idx, indices);
}
