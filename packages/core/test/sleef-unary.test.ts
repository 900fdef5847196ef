/**
 * float32 tanh, expm1, sinh, cosh and tanh-gelu bit for bit against PyTorch 1.13 (AVX2), which computes them
 * with SLEEF (fixtures/core-sleef-unary.json from tools/parity/core_sleef_unary.py), on every CPU
 * backend: wasm and native hand these ops to the js kernels, and must keep their bits.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backendName, backendNames, gelu, setBackend, tensor, type Tensor } from '@torchlet/core';
import { isNativeAvailable } from '@torchlet/native';

interface Fixture {
  unary: Record<keyof typeof OPS, { x: number[]; y: number[] }>;
  tanhBackward: { x: number[]; g: number[]; grad: number[] };
}
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-sleef-unary.json'), 'utf8')) as Fixture;

const f32 = (b: number[]): Float32Array => new Float32Array(new Int32Array(b).buffer);
const bitsOf = (t: Tensor): number[] => Array.from(new Int32Array(new Float32Array(t.toTypedArray()).buffer));
/** NaNs compare by being NaN (PyTorch's NaN payloads are not the point). */
const canon = (b: number[]): number[] => b.map((v) => (Number.isNaN(f32([v])[0]) ? 0x7fc00000 : v));

const OPS = {
  tanh: (t: Tensor) => t.tanh(),
  expm1: (t: Tensor) => t.expm1(),
  sinh: (t: Tensor) => t.sinh(),
  cosh: (t: Tensor) => t.cosh(),
  geluTanh: (t: Tensor) => gelu(t, { approximate: 'tanh' }),
};
/** Ops PyTorch hands to SLEEF on every element (vml); the others only on 16-element chunks. */
const EVERY_ELEMENT = new Set(['tanh', 'expm1']);

const previous = backendName();
afterAll(() => setBackend(previous));

const backends = ['js', 'wasm', ...(isNativeAvailable() ? ['native'] : [])].filter((b) => backendNames().includes(b));

describe.each(backends)('SLEEF float32 unary ops on %s match PyTorch bit for bit', (name) => {
  beforeEach(() => setBackend(name));

  for (const [op, fn] of Object.entries(OPS)) {
    const { x, y } = FIX.unary[op as keyof typeof OPS];
    it(`${op}: ${x.length} inputs incl. specials and hard cases`, () => {
      expect(canon(bitsOf(fn(tensor(f32(x)))))).toEqual(canon(y));
    });
    if (EVERY_ELEMENT.has(op)) {
      it(`${op}: strided and tiny inputs take the same path`, () => {
        // every other element of a doubled buffer: a strided view
        const wide = new Float32Array(2 * x.length);
        f32(x).forEach((v, i) => { wide[2 * i] = v; });
        const strided = tensor(wide).view([x.length, 2]).select(1, 0);
        expect(canon(bitsOf(fn(strided)))).toEqual(canon(y));
        expect(canon(bitsOf(fn(tensor(f32(x.slice(0, 5))))))).toEqual(canon(y.slice(0, 5)));
      });
    }
  }

  it('tanh gradient: grad * (1 - y*y) with 1 - y*y fused, as tanh_backward', () => {
    const { x, g, grad } = FIX.tanhBackward;
    const xt = tensor(f32(x), { requiresGrad: true });
    xt.tanh().backward(tensor(f32(g)));
    expect(bitsOf(xt.grad!)).toEqual(grad);
  });
});
