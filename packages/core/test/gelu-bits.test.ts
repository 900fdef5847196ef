/**
 * float32 exact gelu and its gradient bit for bit against torch 1.13, which hands contiguous
 * float32 tensors of 2+ elements to oneDNN's gelu_erf kernels (fixtures/core-gelu-bits.json from
 * tools/parity/core_gelu_bits.py); create-graph mode keeps the differentiable formula.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { autograd, gelu, Tensor } from '@torchlet/core';

interface Fixture { x: number[]; y: number[]; g: number[]; dx: number[] }
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-gelu-bits.json'), 'utf8')) as Fixture;
const f32 = (b: number[]): Float32Array => new Float32Array(new Int32Array(b).buffer);
const bitsOf = (t: Tensor): number[] => Array.from(new Int32Array(new Float32Array(t.toTypedArray()).buffer));
const n = FIX.x.length;

describe('gelu float32 matches torch 1.13 (oneDNN gelu_erf) bit for bit', () => {
  it('forward', () => {
    expect(bitsOf(gelu(Tensor.fromData(f32(FIX.x), [n], 'float32')))).toEqual(FIX.y);
  });

  it('backward', () => {
    const x = Tensor.fromData(f32(FIX.x), [n], 'float32').requiresGrad_();
    gelu(x).backward(Tensor.fromData(f32(FIX.g), [n], 'float32'));
    expect(bitsOf(x.grad!)).toEqual(FIX.dx);
  });

  it('create-graph backward still differentiates (the composed formula, close to the kernel)', () => {
    const x = Tensor.fromData(f32(FIX.x.slice(0, 64)), [64], 'float32').requiresGrad_();
    const g = Tensor.fromData(f32(FIX.g.slice(0, 64)), [64], 'float32');
    const [dx] = autograd.grad([gelu(x)], [x], { gradOutputs: [g], createGraph: true });
    expect(dx!.requiresGrad).toBe(true);
    const want = f32(FIX.dx.slice(0, 64));
    (dx!.toTypedArray() as Float32Array).forEach((v, i) => expect(v).toBeCloseTo(want[i]!, 4));
  });
});
