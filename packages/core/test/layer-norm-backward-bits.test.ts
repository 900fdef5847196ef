/**
 * float32 layer norm backward bit for bit against torch 1.13's LayerNormBackwardKernelImplInternal
 * (fixtures/core-layer-norm-backward-bits.json from tools/parity/core_layer_norm_backward_bits.py):
 * row sums over 8-lane vectors with fused accumulation, partial last vectors, short rows, and
 * dgamma/dbeta accumulated row by row.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Tensor } from '@torchlet/core';
import { nnOpsForTests } from './layer-norm-helpers';

interface Case { M: number; N: number; x: number[]; w: number[] | null; b: number[] | null; dy: number[]; dx: number[]; dw: number[] | null; db: number[] | null }
const CASES = (JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-layer-norm-backward-bits.json'), 'utf8')) as { cases: Case[] }).cases;
const f32 = (b: number[]): Float32Array => new Float32Array(new Int32Array(b).buffer);
const bitsOf = (t: Tensor): number[] => Array.from(new Int32Array(new Float32Array(t.toTypedArray()).buffer));
const leaf = (b: number[], shape: number[]): Tensor => Tensor.fromData(f32(b), shape, 'float32').requiresGrad_();

describe('layer norm float32 backward matches torch 1.13 bit for bit', () => {
  for (const c of CASES) {
    it(`[${c.M}, ${c.N}] ${c.w ? 'affine' : 'plain'}`, () => {
      const x = leaf(c.x, [c.M, c.N]);
      const w = c.w ? leaf(c.w, [c.N]) : null, b = c.b ? leaf(c.b, [c.N]) : null;
      nnOpsForTests.layerNorm(x, [c.N], { weight: w, bias: b }).backward(Tensor.fromData(f32(c.dy), [c.M, c.N], 'float32'));
      expect(bitsOf(x.grad!)).toEqual(c.dx);
      if (w && c.dw) expect(bitsOf(w.grad!)).toEqual(c.dw);
      if (b && c.db) expect(bitsOf(b.grad!)).toEqual(c.db);
    });
  }
});
