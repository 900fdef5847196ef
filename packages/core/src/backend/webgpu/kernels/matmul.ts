/**
 * Batched matmul: out [B, M, N] = a [B, M, K] x b [B, K, N] over strided inputs (stride 0
 * broadcasts). A workgroup of 8x8 threads computes a 32x32 output tile; each K step stages a
 * 32x16 tile of a and a 16x32 tile of b in workgroup memory, and each thread keeps a 4x4 block
 * of accumulators in registers (rows ty + 8i, columns tx + 8j: neighbouring threads read
 * neighbouring shared words). float32 accumulates in f32 with fma (int32 in i32). `plain` and
 * `bare` choose CPU rounding orders only: the GPU ignores them (results agree to ~1e-6 relative).
 */
import type { View } from '../../types';
import { Bindings, run } from '../dispatch';
import { gpu } from '../context';
import type { WgslType } from '../storage';
import { metaWgsl, packMeta, withDenseOut, type Fields } from './kit';

const TILE = 32;

const FIELDS: Fields = [
  ['M', 'u32'], ['N', 'u32'], ['K', 'u32'], ['tilesM', 'u32'], ['batchBase', 'u32'],
  ['aOff', 'u32'], ['aB', 'u32'], ['aM', 'u32'], ['aK', 'u32'],
  ['bOff', 'u32'], ['bB', 'u32'], ['bK', 'u32'], ['bN', 'u32'], ['oOff', 'u32'],
];

function matmulWgsl(t: WgslType, a: string, b: string, o: string): string {
  const mac = t === 'f32' ? 'fma(av[i], bv[j], acc[i][j])' : 'acc[i][j] + av[i] * bv[j]';
  return /* wgsl */ `${metaWgsl(FIELDS)}
var<workgroup> As: array<array<${t}, 32>, 16>;
var<workgroup> Bs: array<array<${t}, 32>, 16>;

@compute @workgroup_size(8, 8, 1)
fn main(@builtin(workgroup_id) wg: vec3u, @builtin(local_invocation_id) lid: vec3u,
        @builtin(local_invocation_index) li: u32) {
  let p = params();
  let bt = wg.y / p.tilesM + p.batchBase;
  let m0 = (wg.y % p.tilesM) * 32u;
  let n0 = wg.x * 32u;
  let aBase = p.aOff + bt * p.aB;
  let bBase = p.bOff + bt * p.bB;
  var acc: array<array<${t}, 4>, 4>;
  for (var k0 = 0u; k0 < p.K; k0 += 16u) {
    for (var r = 0u; r < 8u; r++) {
      let e = li + r * 64u;
      let am = e / 16u; let ak = e % 16u;
      var av = ${t}(0);
      if (m0 + am < p.M && k0 + ak < p.K) { av = ${a}[aBase + (m0 + am) * p.aM + (k0 + ak) * p.aK]; }
      As[ak][am] = av;
      let bk = e / 32u; let bn = e % 32u;
      var bv = ${t}(0);
      if (k0 + bk < p.K && n0 + bn < p.N) { bv = ${b}[bBase + (k0 + bk) * p.bK + (n0 + bn) * p.bN]; }
      Bs[bk][bn] = bv;
    }
    workgroupBarrier();
    for (var kk = 0u; kk < 16u; kk++) {
      var av: array<${t}, 4>;
      var bv: array<${t}, 4>;
      for (var i = 0u; i < 4u; i++) { av[i] = As[kk][lid.y + 8u * i]; bv[i] = Bs[kk][lid.x + 8u * i]; }
      for (var i = 0u; i < 4u; i++) {
        for (var j = 0u; j < 4u; j++) { acc[i][j] = ${mac}; }
      }
    }
    workgroupBarrier();
  }
  let oBase = p.oOff + bt * p.M * p.N;
  for (var i = 0u; i < 4u; i++) {
    let m = m0 + lid.y + 8u * i;
    if (m >= p.M) { continue; }
    for (var j = 0u; j < 4u; j++) {
      let n = n0 + lid.x + 8u * j;
      if (n < p.N) { ${o}[oBase + m * p.N + n] = acc[i][j]; }
    }
  }
}
`;
}

export function matmulKernel(a: View, b: View, out: View): void {
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  if (B * M * N === 0) return;
  withDenseOut(out, (o) => {
    const k = new Bindings();
    const sa = k.slot(a), sb = k.slot(b), so = k.slot(o);
    const t = k.type(so);
    const tilesM = Math.ceil(M / TILE), tilesN = Math.ceil(N / TILE);
    const maxY = gpu().limits.maxComputeWorkgroupsPerDimension;
    // Batches per dispatch so that batches * tilesM fits one grid dimension.
    const perDispatch = Math.max(1, Math.floor(maxY / tilesM));
    for (let b0 = 0; b0 < B; b0 += perDispatch) {
      const nb = Math.min(perDispatch, B - b0);
      const meta = packMeta(FIELDS, {
        M, N, K, tilesM, batchBase: b0,
        aOff: a.offset, aB: a.strides[0]!, aM: a.strides[1]!, aK: a.strides[2]!,
        bOff: b.offset, bB: b.strides[0]!, bK: b.strides[1]!, bN: b.strides[2]!, oOff: o.offset,
      });
      run(`matmul:${sa}${sb}${so}`, () => k.wgsl() + matmulWgsl(t, `b${sa}`, `b${sb}`, `b${so}`), k, meta, 0, [tilesN, nb * tilesM]);
    }
  });
}
