/**
 * cumsum / cumprod / cummax / cummin along one dim: one thread per line, walking it in order
 * (float32 accumulates in f32 here, in doubles on the CPU: long lines differ by rounding).
 * x has any rank and strides; out (and indices for max/min) are written dense with x's shape,
 * accumulating in out's type (cumsum of bool or int32 into int32 or float32).
 * Head words (rank, dim, lines, op, xOff, oOff, iOff), then x's shape and x's strides.
 */
import type { ScanOp, View } from '../../types';
import { Bindings, groups, run } from '../dispatch';
import type { WgslType } from '../storage';
import { atLeast1, denseTemp, isDense, M_WGSL, NAN_WGSL, numel, packLists, withDenseOut } from './kit';
import { cast, copyKernel } from './copy';

const OP_CODE: Record<ScanOp, number> = { sum: 0, prod: 1, max: 2, min: 3 };

function scanWgsl(xt: WgslType, t: WgslType, x: string, o: string, ix: string | null): string {
  const H = 7;
  const nanOf = t === 'f32' ? 'isNan' : 'noNan';
  const setIndex = ix === null ? '' : `${ix}[m(6) + q] = bi;`;
  return /* wgsl */ `${M_WGSL}${NAN_WGSL}
fn noNan(v: ${t}) -> bool { return false; }
@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let line = (wg.y * nw.x + wg.x) * 64u + li;
  if (line >= m(2)) { return; }
  let dim = m(1);
  let rank = m(0);
  var rem = line;
  var xb = m(4);
  var ob = 0u;
  var os = 1u;
  var od = 1u;
  for (var d = i32(rank) - 1; d >= 0; d--) {
    let du = u32(d);
    let size = m(${H}u + du);
    if (du == dim) { od = os; os *= size; continue; }
    let c = rem % size;
    rem = rem / size;
    xb += c * m(${H}u + rank + du);
    ob += c * os;
    os *= size;
  }
  let n = m(${H}u + dim);
  let sd = m(${H}u + rank + dim);
  let op = m(3);
  var acc = ${t}(0);
  if (op == 1u) { acc = ${t}(1); }
  var bi = 0;
  for (var k = 0u; k < n; k++) {
    let v = ${cast(`${x}[xb + k * sd]`, xt, t)};
    let q = ob + k * od;
    switch (op) {
      case 0u: { acc = acc + v; }
      case 1u: { acc = acc * v; }
      default: {
        // PyTorch keeps the latest of tied extremes, and a NaN once seen.
        let better = select(v <= acc, v >= acc, op == 2u);
        if (k == 0u || ${nanOf}(v) || (!${nanOf}(acc) && better)) { acc = v; bi = i32(k); }
        ${setIndex}
      }
    }
    ${o}[m(5) + q] = acc;
  }
}
`;
}

export function scanKernel(op: ScanOp, x: View, dim: number, out: View, indices?: View): void {
  const n = numel(x);
  if (n === 0) return;
  const [shape, strides] = atLeast1(x.shape, x.strides);
  const lines = n / shape[dim]!;
  // Values and indices both go dense; a strided indices view gets its own temporary.
  const idx = indices === undefined ? null : isDense(indices) ? indices : denseTemp(indices.shape, 'int32');
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sx = k.slot(x), so = k.slot(o), si = idx === null ? null : k.slot(idx);
    const meta = packLists([shape.length, dim, lines, OP_CODE[op], x.offset, o.offset, idx?.offset ?? 0], [shape, strides]);
    const ix = si === null ? null : `b${si}`;
    run(`scan:${sx}${so}${si ?? '-'}`, () => k.wgsl() + scanWgsl(k.type(sx), k.type(so), `b${sx}`, `b${so}`, ix), k, meta, 0, groups(lines, 64));
  });
  if (idx !== null && idx !== indices) copyKernel(idx, indices!);
}
