import { manualSeed, randn, zeros, type Tensor } from '../src/index';
import fixture from './fixtures/rng-strided.json';

interface Case { base: number[]; after: number[] }
const cases = (fixture as { cases: Record<string, Case> }).cases;

const bits = (t: Tensor): number[] => Array.from(new Uint32Array(Float32Array.from(t.contiguous().toTypedArray()).buffer));

const views: Record<string, (a: Tensor) => Tensor> = {
  transpose8x5: (a) => a.view(8, 5).t(),
  step2: (a) => a.index('::2'),
  cols: (a) => a.view(5, 8).index(':, 1:7'),
};

describe('random fills of non-contiguous tensors (PyTorch draws in memory order)', () => {
  for (const [key, expected] of Object.entries(cases)) {
    const [op, name, seed] = key.split('/') as [string, string, string];
    it(key, () => {
      manualSeed(Number(seed));
      const base = zeros(40);
      const view = views[name]!(base);
      if (op === 'normal') view.normal_(0.5, 2.0);
      else view.uniform_(-1.5, 2.0);
      expect(bits(base)).toEqual(expected.base);
      expect(bits(randn(3))).toEqual(expected.after);
    });
  }
});
