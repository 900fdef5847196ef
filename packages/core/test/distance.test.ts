/** cosineSimilarity, pairwiseDistance and cdist against PyTorch (tools/parity/core_distance.py). */
import * as T from '@torchlet/core';
import type { Tensor } from '@torchlet/core';
import { loadCases, replayCases, type ReplayOp } from './replay-fixture';
import { checkGrads, x64 } from './check-helpers';

type CdistMode = T.CdistComputeMode;

const OPS: Record<string, ReplayOp> = {
  cosineSimilarity: (x, a) => T.cosineSimilarity(x[0]!, x[1]!, a),
  pairwiseDistance: (x, a) => T.pairwiseDistance(x[0]!, x[1]!, a),
  cdist: (x, a) => T.cdist(x[0]!, x[1]!, { p: a.p as number | undefined, computeMode: a.computeMode as CdistMode | undefined }),
};

describe('PyTorch fixtures', () => {
  replayCases(loadCases('core-distance.json'), OPS);
});

describe('arguments', () => {
  const a = T.tensor([[1.5, 2, 3], [4, 5, 6]]), b = T.tensor([[1, 0, 3], [2, 5, 1.5]]);
  it('takes dim and eps positionally or by name', () => {
    expect(T.cosineSimilarity(a, b, 0, 1e-8).tolist()).toEqual(T.cosineSimilarity(a, b, { dim: 0 }).tolist());
    expect(T.cosineSimilarity(a, b, 0, { eps: 0.5 }).tolist()).toEqual(T.cosineSimilarity(a, b, { dim: 0, eps: 0.5 }).tolist());
    expect(() => T.cosineSimilarity(a, b, 0, { dim: 1 })).toThrow("cosine_similarity() got multiple values for argument 'dim'");
    expect(() => T.cosineSimilarity(a, b, { dims: 1 } as T.CosineSimilarityOptions))
      .toThrow("cosine_similarity() got an unexpected keyword argument 'dims' (did you mean 'dim'?)");
  });
  it('pairwiseDistance: p, eps, keepdim positionally or by name', () => {
    const pos = T.pairwiseDistance(a, b, 1, 1e-3, true);
    expect(pos.shape).toEqual([2, 1]);
    expect(pos.tolist()).toEqual(T.pairwiseDistance(a, b, { p: 1, eps: 1e-3, keepdim: true }).tolist());
    expect(T.pairwiseDistance(a, b, 1, { eps: 1e-3, keepdim: true }).tolist()).toEqual(pos.tolist());
    expect(() => T.pairwiseDistance(a, b, { keepDim: true } as T.PairwiseDistanceOptions))
      .toThrow("pairwise_distance() got an unexpected keyword argument 'keepDim' (did you mean 'keepdim'?)");
  });
  it('cdist: p positionally, computeMode by name', () => {
    const x = T.randn(3, 2), y = T.randn(4, 2);
    expect(T.cdist(x, y, 1).tolist()).toEqual(T.cdist(x, y, { p: 1 }).tolist());
    const mm = T.cdist(x, y, 2, { computeMode: 'use_mm_for_euclid_dist' });
    expect(mm.gradFn).toBeNull();
    expect(() => T.cdist(x, y, 2, { compute_mode: 'x' } as T.CdistOptions))
      .toThrow("cdist() got an unexpected keyword argument 'compute_mode' (did you mean 'computeMode'?)");
  });
});

describe('float64 gradcheck', () => {
  it('cosineSimilarity', () => {
    checkGrads((x, y) => T.cosineSimilarity(x, y, 1), [x64([3, 4]), x64([3, 4])]);
    // A small eps: where the clamp acts, PyTorch's untracked in-place clamp makes the gradient differ
    // from the numerical one by design (the fixtures check that case against PyTorch).
    checkGrads((x, y) => T.cosineSimilarity(x, y, 0, 1e-3), [x64([3, 2]), x64([3, 1])]);
  });
  it('pairwiseDistance', () => {
    for (const p of [2, 1, 3, 1.5, Infinity]) checkGrads((x, y) => T.pairwiseDistance(x, y, p), [x64([3, 4]), x64([4])], p === 1 || p === Infinity);
  });
  it('cdist, every path', () => {
    for (const p of [2, 1, 0.5, 1.5, 3, Infinity]) {
      const f = (x: Tensor, y: Tensor): Tensor => T.cdist(x, y, p, { computeMode: 'donot_use_mm_for_euclid_dist' });
      checkGrads(f, [x64([2, 3]), x64([4, 3])], p === 1 || p === Infinity || p === 0.5);
    }
    checkGrads((x, y) => T.cdist(x, y, 2, { computeMode: 'use_mm_for_euclid_dist' }), [x64([2, 1, 3, 2]), x64([2, 4, 2])]);
    checkGrads((x, y) => T.cdist(x, y, 3), [x64([2, 1, 3, 2]), x64([2, 4, 2])]);
  });
});
