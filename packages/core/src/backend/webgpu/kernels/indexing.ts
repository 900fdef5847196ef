/**
 * gather, indexSelect and scatter over views of any rank. Parameters are head words then
 * per-dim lists (shapes, strides) of `rank` words each, read with m(i).
 *
 * The GPU cannot raise PyTorch's index errors before writing (that needs a host read): an index
 * outside [0, size) reads NaN (float32) or 0 (int32, bool) in gather/indexSelect and is skipped
 * by scatter. scatter has no float atomics to combine duplicate indices with, so it runs in
 * gather form: one thread per element of out scans its line of index for the entries naming it
 * and combines them in index order, the CPU kernel's order (the last write wins for 'none').
 * That costs index.shape[dim] reads per output element: fine for embeddings and one-hot sizes.
 */
import type { ScatterReduce, View } from '../../types';
import { Bindings, groups, run } from '../dispatch';
import type { WgslType } from '../storage';
import { atLeast1, M_WGSL, NAN_WGSL, numel, packLists, SPECIAL_WGSL, valueBits, withDenseOut } from './kit';

function missing(t: WgslType): string {
  return t === 'f32' ? 'nanF32()' : `${t}(0)`;
}

/** List `list`'s word for dim expression `d`, after `head` words. */
function at(head: number, list: number, d: string): string {
  return `m(${head}u + ${list}u * m(0) + ${d})`;
}

const ENTRY = `${M_WGSL}${SPECIAL_WGSL}@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let e = (wg.y * nw.x + wg.x) * 64u + li;
  if (e >= m(2)) { return; }
  let dim = m(1);
  var rem = e;`;

/** Head: rank, dim, total, size, xOff, iOff, oOff. Lists: index shape, x strides, index strides. */
function gatherWgsl(t: WgslType, x: string, i: string, o: string): string {
  const H = 7;
  return /* wgsl */ `${ENTRY}
  var xp = m(4);
  var ip = m(5);
  for (var d = i32(m(0)) - 1; d >= 0; d--) {
    let du = u32(d);
    let c = rem % ${at(H, 0, 'du')};
    rem = rem / ${at(H, 0, 'du')};
    ip += c * ${at(H, 2, 'du')};
    if (du != dim) { xp += c * ${at(H, 1, 'du')}; }
  }
  let v = ${i}[ip];
  var r = ${missing(t)};
  if (v >= 0 && u32(v) < m(3)) { r = ${x}[xp + u32(v) * ${at(H, 1, 'dim')}]; }
  ${o}[m(6) + e] = r;
}
`;
}

/** Head: rank, dim, total, size, xOff, iOff, oOff, iS (the 1-D index's stride). Lists: out shape, x strides. */
function indexSelectWgsl(t: WgslType, x: string, i: string, o: string): string {
  const H = 8;
  return /* wgsl */ `${ENTRY}
  var xp = m(4);
  var v = 0;
  for (var d = i32(m(0)) - 1; d >= 0; d--) {
    let du = u32(d);
    let c = rem % ${at(H, 0, 'du')};
    rem = rem / ${at(H, 0, 'du')};
    if (du == dim) { v = ${i}[m(5) + c * m(7)]; } else { xp += c * ${at(H, 1, 'du')}; }
  }
  var r = ${missing(t)};
  if (v >= 0 && u32(v) < m(3)) { r = ${x}[xp + u32(v) * ${at(H, 1, 'dim')}]; }
  ${o}[m(6) + e] = r;
}
`;
}

const REDUCE_CODE: Record<ScatterReduce, number> = { none: 0, add: 1, multiply: 2, amax: 3, amin: 4 };

function combine(t: WgslType): string {
  if (t === 'u32') {
    // bool: add is a logical or, multiply a logical and.
    return `switch (m(7)) {
      case 1u: { acc = select(0u, 1u, acc != 0u || v != 0u); }
      case 2u: { acc = select(0u, 1u, acc != 0u && v != 0u); }
      case 3u: { acc = max(acc, v); }
      case 4u: { acc = min(acc, v); }
      default: { acc = v; }
    }`;
  }
  const nan = t === 'f32' ? ' || isNan(v)' : '';
  return `switch (m(7)) {
      case 1u: { acc = acc + v; }
      case 2u: { acc = acc * v; }
      case 3u: { if (v > acc${nan}) { acc = v; } }
      case 4u: { if (v < acc${nan}) { acc = v; } }
      default: { acc = v; }
    }`;
}

/**
 * Head: rank, dim, total, oOff, iOff, sOff, scalar (src is the value `value`), reduce, value.
 * Lists: out shape, out strides, index shape, index strides, src strides.
 */
function scatterWgsl(t: WgslType, o: string, i: string, s: string | null): string {
  const H = 9;
  const load = s === null ? `bitcast<${t}>(prm[8])` : `${s}[sb + j * ${at(H, 4, 'dim')}]`;
  return /* wgsl */ `${NAN_WGSL}${ENTRY}
  var op = m(3);
  var ib = m(4);
  var sb = m(5);
  var at = 0u;
  for (var d = i32(m(0)) - 1; d >= 0; d--) {
    let du = u32(d);
    let c = rem % ${at(H, 0, 'du')};
    rem = rem / ${at(H, 0, 'du')};
    op += c * ${at(H, 1, 'du')};
    if (du == dim) { at = c; continue; }
    // Positions past index's extent on another dim are never written.
    if (c >= ${at(H, 2, 'du')}) { return; }
    ib += c * ${at(H, 3, 'du')};
    sb += c * ${at(H, 4, 'du')};
  }
  var acc = ${o}[op];
  var hit = false;
  for (var j = 0u; j < ${at(H, 2, 'dim')}; j++) {
    if (${i}[ib + j * ${at(H, 3, 'dim')}] != i32(at)) { continue; }
    let v = ${load};
    hit = true;
    ${combine(t)}
  }
  if (hit) { ${o}[op] = acc; }
}
`;
}

export function gatherKernel(x: View, dim: number, index: View, out: View): void {
  const total = numel(index);
  if (total === 0) return;
  const [ishape, istrides] = atLeast1(index.shape, index.strides);
  const [, xstrides] = atLeast1(x.shape, x.strides);
  const size = x.shape.length === 0 ? 1 : x.shape[dim]!;
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sx = k.slot(x), si = k.slot(index), so = k.slot(o);
    const meta = packLists([ishape.length, dim, total, size, x.offset, index.offset, o.offset], [ishape, xstrides, istrides]);
    run(`gather:${sx}${si}${so}`, () => k.wgsl() + gatherWgsl(k.type(sx), `b${sx}`, `b${si}`, `b${so}`), k, meta, 0, groups(total, 64));
  });
}

export function indexSelectKernel(x: View, dim: number, index: View, out: View): void {
  const total = numel(out);
  if (total === 0) return;
  const [xshape, xstrides] = atLeast1(x.shape, x.strides);
  const oshape = xshape.slice();
  oshape[dim] = index.shape.length === 0 ? 1 : index.shape[0]!;
  const iS = index.shape.length === 0 ? 0 : index.strides[0]!;
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sx = k.slot(x), si = k.slot(index), so = k.slot(o);
    const meta = packLists([xshape.length, dim, total, xshape[dim]!, x.offset, index.offset, o.offset, iS], [oshape, xstrides]);
    run(`indexSelect:${sx}${si}${so}`, () => k.wgsl() + indexSelectWgsl(k.type(sx), `b${sx}`, `b${si}`, `b${so}`), k, meta, 0, groups(total, 64));
  });
}

export function scatterKernel(out: View, dim: number, index: View, src: View | number, reduce: ScatterReduce): void {
  const total = numel(out);
  if (total === 0 || numel(index) === 0) return;
  const [oshape, ostrides] = atLeast1(out.shape, out.strides);
  const [ishape, istrides] = atLeast1(index.shape, index.strides);
  const scalar = typeof src === 'number';
  const sstrides = scalar ? ishape.map(() => 0) : atLeast1(src.shape, src.strides)[1];
  const k = new Bindings();
  const so = k.slot(out), si = k.slot(index), ss = scalar ? null : k.slot(src);
  const meta = packLists(
    [oshape.length, dim, total, out.offset, index.offset, scalar ? 0 : src.offset, scalar ? 1 : 0, REDUCE_CODE[reduce], scalar ? valueBits(src, out.dtype) : 0],
    [oshape, ostrides, ishape, istrides, sstrides],
  );
  const src1 = ss === null ? null : `b${ss}`;
  run(`scatter:${so}${si}${ss ?? '-'}`, () => k.wgsl() + scatterWgsl(k.type(so), `b${so}`, `b${si}`, src1), k, meta, 0, groups(total, 64));
}
