/**
 * im2col and col2im (2-D windows; 1-D uses a height of 1). im2col: one thread per element of
 * cols [N, C*kh*kw, oh*ow] reading x [N, C, H, W] at any strides; taps outside x read the pad
 * value. col2im cannot scatter-add (WGSL has no float atomics), so it gathers: one thread per
 * element of out [N, C, H, W] adds, in tap order (i, then j, as the CPU kernel does), every
 * column entry whose window covers it.
 */
import type { View, WindowGeometry } from '../../types';
import { Bindings, groups, run } from '../dispatch';
import type { WgslType } from '../storage';
import { metaWgsl, packMeta, valueBits, withDenseOut, type Fields } from './kit';

const GEOMETRY: Fields = [
  ['total', 'u32'], ['N', 'u32'], ['C', 'u32'], ['H', 'i32'], ['W', 'i32'], ['kh', 'u32'], ['kw', 'u32'],
  ['strH', 'i32'], ['strW', 'i32'], ['padH', 'i32'], ['padW', 'i32'], ['dilH', 'i32'], ['dilW', 'i32'], ['oh', 'u32'], ['ow', 'u32'],
];

const IM2COL: Fields = [...GEOMETRY, ['xOff', 'u32'], ['sN', 'u32'], ['sC', 'u32'], ['sH', 'u32'], ['sW', 'u32'], ['pad', 'i32'], ['oOff', 'u32']];
const COL2IM: Fields = [...GEOMETRY, ['cOff', 'u32'], ['sN', 'u32'], ['sK', 'u32'], ['sL', 'u32'], ['oOff', 'u32']];

const ENTRY = `@compute @workgroup_size(64, 1, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(num_workgroups) nw: vec3u, @builtin(local_invocation_index) li: u32) {
  let p = params();
  let e = (wg.y * nw.x + wg.x) * 64u + li;
  if (e >= p.total) { return; }`;

function im2colWgsl(t: WgslType, x: string, o: string): string {
  return /* wgsl */ `${metaWgsl(IM2COL)}${ENTRY}
  let xo = e % p.ow;
  var r = e / p.ow;
  let y = r % p.oh; r = r / p.oh;
  let j = r % p.kw; r = r / p.kw;
  let i = r % p.kh; r = r / p.kh;
  let c = r % p.C;
  let n = r / p.C;
  let h = i32(y) * p.strH - p.padH + i32(i) * p.dilH;
  let w = i32(xo) * p.strW - p.padW + i32(j) * p.dilW;
  var v = bitcast<${t}>(p.pad);
  if (h >= 0 && h < p.H && w >= 0 && w < p.W) { v = ${x}[p.xOff + n * p.sN + c * p.sC + u32(h) * p.sH + u32(w) * p.sW]; }
  ${o}[p.oOff + e] = v;
}
`;
}

function col2imWgsl(cols: string, o: string): string {
  return /* wgsl */ `${metaWgsl(COL2IM)}${ENTRY}
  let w = i32(e % u32(p.W));
  let h = i32((e / u32(p.W)) % u32(p.H));
  let c = (e / u32(p.W * p.H)) % p.C;
  let n = e / (u32(p.W * p.H) * p.C);
  var acc = ${o}[p.oOff + e];
  for (var i = 0u; i < p.kh; i++) {
    let ty = h + p.padH - i32(i) * p.dilH;
    if (ty < 0 || ty % p.strH != 0 || ty / p.strH >= i32(p.oh)) { continue; }
    let y = u32(ty / p.strH);
    for (var j = 0u; j < p.kw; j++) {
      let tx = w + p.padW - i32(j) * p.dilW;
      if (tx < 0 || tx % p.strW != 0 || tx / p.strW >= i32(p.ow)) { continue; }
      acc += ${cols}[p.cOff + n * p.sN + ((c * p.kh + i) * p.kw + j) * p.sK + (y * p.ow + u32(tx / p.strW)) * p.sL];
    }
  }
  ${o}[p.oOff + e] = acc;
}
`;
}

function geometry(g: WindowGeometry, N: number, C: number, H: number, W: number, total: number): Record<string, number> {
  return {
    total, N, C, H, W, kh: g.kernel[0], kw: g.kernel[1], strH: g.stride[0], strW: g.stride[1],
    padH: g.padding[0], padW: g.padding[1], dilH: g.dilation[0], dilW: g.dilation[1], oh: g.outSize[0], ow: g.outSize[1],
  };
}

export function im2colKernel(x: View, g: WindowGeometry, padValue: number, out: View): void {
  const [N, C, H, W] = x.shape as [number, number, number, number];
  const total = N * C * g.kernel[0] * g.kernel[1] * g.outSize[0] * g.outSize[1];
  if (total === 0) return;
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sx = k.slot(x), so = k.slot(o);
    const meta = packMeta(IM2COL, {
      ...geometry(g, N, C, H, W, total), xOff: x.offset, sN: x.strides[0]!, sC: x.strides[1]!, sH: x.strides[2]!, sW: x.strides[3]!,
      pad: valueBits(padValue, x.dtype), oOff: o.offset,
    });
    run(`im2col:${sx}${so}`, () => k.wgsl() + im2colWgsl(k.type(sx), `b${sx}`, `b${so}`), k, meta, 0, groups(total, 64));
  });
}

export function col2imKernel(cols: View, g: WindowGeometry, inSize: readonly [number, number], out: View): void {
  const [N, CK] = cols.shape as [number, number, number];
  const C = CK / (g.kernel[0] * g.kernel[1]);
  const total = N * C * inSize[0] * inSize[1];
  if (total === 0) return;
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sc = k.slot(cols), so = k.slot(o);
    const meta = packMeta(COL2IM, {
      ...geometry(g, N, C, inSize[0], inSize[1], total), cOff: cols.offset, sN: cols.strides[0]!, sK: cols.strides[1]!, sL: cols.strides[2]!,
      oOff: o.offset,
    });
    run(`col2im:${sc}${so}`, () => k.wgsl() + col2imWgsl(`b${sc}`, `b${so}`), k, meta, 0, groups(total, 64));
  }, true);
}
