/**
 * float32 2-norms bit for bit against torch 1.13's vectorised reduce-lastdim kernel
 * (fixtures/core-norm-two-bits.json from tools/parity/core_norm_two_bits.py): the 8-lane body,
 * the 4-element runs and fma tail, whole tensors and the last dim.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { norm, Tensor } from '@torchlet/core';

interface Case { shape: number[]; dim: number | null; x: number[]; out: number[] }
const CASES = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-norm-two-bits.json'), 'utf8')) as { cases: Case[] }).cases;
const f32 = (b: number[]): Float32Array => new Float32Array(new Int32Array(b).buffer);
const bitsOf = (t: Tensor): number[] => Array.from(new Int32Array(new Float32Array(t.toTypedArray()).buffer));

describe('norm(x, 2) float32 matches torch 1.13 bit for bit', () => {
  for (const c of CASES) {
    it(`[${c.shape.join(', ')}] dim ${c.dim ?? 'all'}`, () => {
      const x = Tensor.fromData(f32(c.x), c.shape, 'float32');
      expect(bitsOf(c.dim === null ? norm(x, 2) : norm(x, 2, c.dim))).toEqual(c.out);
    });
  }
});
