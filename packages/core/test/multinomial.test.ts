/**
 * torch.multinomial draws PyTorch's samples after manualSeed (tools/parity/core_multinomial.py):
 * with and without replacement, one and many samples, float32 and float64, 1-D and 2-D, zero
 * weights; the generator is left where PyTorch leaves it; PyTorch's errors.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Generator, Tensor, manualSeed, multinomial, rand, tensor } from '../src/index';

interface Case { seed: number; probs: number[]; shape: number[]; dtype: 'float32' | 'float64'; n: number; replacement: boolean; indices: number[]; after: number }
interface ErrCase { probs: (number | string)[]; shape: number[]; n: number; replacement: boolean; error: string }
const FIX = JSON.parse(fs.readFileSync(path.join(__dirname, 'fixtures', 'core-multinomial.json'), 'utf8')) as { cases: Case[]; errors: ErrCase[] };

const probsOf = (c: { probs: (number | string)[]; shape: number[] }, dtype: 'float32' | 'float64' = 'float32'): Tensor => {
  const v = c.probs.map(Number);
  return Tensor.fromData(dtype === 'float32' ? Float32Array.from(v) : Float64Array.from(v), c.shape.slice(), dtype);
};

describe('multinomial draws what PyTorch draws', () => {
  for (const c of FIX.cases) {
    it(`seed ${c.seed} ${c.dtype} [${c.shape.join(',')}] n=${c.n} replacement=${c.replacement}`, () => {
      manualSeed(c.seed);
      const idx = multinomial(probsOf(c, c.dtype), c.n, c.replacement);
      expect(idx.shape).toEqual(c.shape.length === 2 ? [c.shape[0], c.n] : [c.n]);
      expect(idx.dtype).toBe('int32');
      expect(Array.from(idx.toTypedArray())).toEqual(c.indices);
      expect(rand(1).item()).toBe(c.after);
    });
  }

  it("raises PyTorch's errors", () => {
    for (const e of FIX.errors) expect(() => multinomial(probsOf(e), e.n, e.replacement)).toThrow(e.error);
    expect(() => multinomial(tensor([1, 2]), 1)).toThrow('multinomial only supports floating-point dtypes for input, got: Int');
    expect(() => multinomial(tensor([[[0.5]]]).float(), 1)).toThrow('prob_dist must be 1 or 2 dim');
    expect(() => multinomial(tensor([0.5, 0.5]).float(), 1, { replacment: true } as never))
      .toThrow("multinomial() got an unexpected keyword argument 'replacment' (did you mean 'replacement'?)");
  });

  it('takes a generator, as a method too, and never returns a zero-weight category', () => {
    const p = Tensor.fromData(Float32Array.from([0, 1, 0, 3, 0]), [5], 'float32');
    const a = p.multinomial(2, { generator: new Generator().manualSeed(5) });
    const b = multinomial(p, 2, false, { generator: new Generator().manualSeed(5) });
    expect(Array.from(a.toTypedArray())).toEqual(Array.from(b.toTypedArray()));
    expect([...a.toTypedArray()].sort()).toEqual([1, 3]);
    const many = multinomial(p, 200, true).toTypedArray();
    expect(many.every((i) => i === 1 || i === 3)).toBe(true);
  });
});

describe('multinomial keyword form', () => {
  it('multinomial(p, {numSamples, replacement, generator}) equals the positional form', () => {
    const p = Tensor.fromData(Float32Array.from([0.2, 0.5, 0.3]), [3], 'float32');
    const a = multinomial(p, { numSamples: 4, replacement: true, generator: new Generator().manualSeed(9) });
    const b = p.multinomial(4, true, { generator: new Generator().manualSeed(9) });
    expect(Array.from(a.toTypedArray())).toEqual(Array.from(b.toTypedArray()));
    expect(() => multinomial(p, { numSample: 1 } as never)).toThrow("multinomial() got an unexpected keyword argument 'numSample' (did you mean 'numSamples'?)");
    expect(p.nelement()).toBe(3);
  });
});
