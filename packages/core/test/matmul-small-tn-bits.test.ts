/**
 * float32 products bit for bit against torch 1.13 where OpenBLAS 0.3.21 takes its small-matrix
 * TN kernel (16-lane partial sums, then a shuffle-tree fold) for a row-major left and a
 * column-major right operand (fixtures/core-matmul-small-tn-bits.json from
 * tools/parity/core_matmul_small_tn_bits.py), on every CPU backend.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backendName, backendNames, bmm, mm, setBackend, Tensor } from '@torchlet/core';
import { isNativeAvailable } from '@torchlet/native';

interface Case { B: number; M: number; K: number; N: number; a: number[]; bt: number[]; out: number[] }
const CASES = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-matmul-small-tn-bits.json'), 'utf8')) as { cases: Case[] }).cases;
const f32 = (b: number[]): Float32Array => new Float32Array(new Int32Array(b).buffer);
const bitsOf = (t: Tensor): number[] => Array.from(new Int32Array(new Float32Array(t.toTypedArray()).buffer));

const BACKENDS = ['js', 'wasm', ...(isNativeAvailable() ? ['native'] : [])].filter((b) => backendNames().includes(b));

describe.each(BACKENDS)('small TN products match torch 1.13 bit for bit (%s)', (name) => {
  const before = backendName();
  beforeAll(() => setBackend(name));
  afterAll(() => setBackend(before));
  for (const c of CASES) {
    it(`[${c.B}] ${c.M}x${c.K} @ ${c.K}x${c.N}`, () => {
      const a = Tensor.fromData(f32(c.a), [c.B, c.M, c.K], 'float32');
      const b = Tensor.fromData(f32(c.bt), [c.B, c.N, c.K], 'float32').transpose(1, 2);
      const out = c.B === 1 ? mm(a.select(0, 0), b.select(0, 0)).unsqueeze(0) : bmm(a, b);
      expect(bitsOf(out)).toEqual(c.out);
    });
  }
});
