/**
 * float32 layer norm bit for bit as torch 1.13 (tools/parity/core_layer_norm.py): the Welford
 * moments over 8-lane vectors in chunks of 16, the lane merge, the scalar tail, and the two-fma
 * affine, for row lengths that exercise each part.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Tensor, nnOpsForTests } from './layer-norm-helpers';

interface Case { M: number; N: number; x: number[]; g: number[] | null; b: number[] | null; y: number[]; mean: number[]; rstd: number[] }
const CASES = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-layer-norm.json'), 'utf8')) as { cases: Case[] }).cases;
const bits = (a: number[]): Float32Array => new Float32Array(Int32Array.from(a).buffer);
const asBits = (t: Float32Array): number[] => Array.from(new Int32Array(t.buffer, t.byteOffset, t.length));

describe('layer norm float32 matches torch 1.13 bit for bit', () => {
  for (const c of CASES) {
    it(`[${c.M}, ${c.N}] ${c.g ? 'affine' : 'plain'}`, () => {
      const { y, mean, rstd } = nnOpsForTests.layerNormRows(bits(c.x), c.M, c.N, 1e-5, c.g ? bits(c.g) : null, c.b ? bits(c.b) : null);
      expect(asBits(mean)).toEqual(c.mean);
      expect(asBits(rstd)).toEqual(c.rstd);
      expect(asBits(y)).toEqual(c.y);
      const x = Tensor.fromData(bits(c.x), [c.M, c.N], 'float32');
      const out = nnOpsForTests.layerNorm(x, [c.N], {
        weight: c.g ? Tensor.fromData(bits(c.g), [c.N], 'float32') : null, bias: c.b ? Tensor.fromData(bits(c.b), [c.N], 'float32') : null,
      });
      expect(asBits(out.toTypedArray() as Float32Array)).toEqual(c.y);
    });
  }
});
