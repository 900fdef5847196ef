import { tensor, matmul, add } from '../src/index';

describe('core smoke', () => {
  it('runs the tutorial forward and backward', () => {
    const x = tensor([[0, 0], [1, 0], [1, 1]]).float();
    const w = tensor([[1.5, -0.25], [-1.0, 0.5]], { requiresGrad: true });
    const b = tensor([0.1, -0.2], { requiresGrad: true });
    const loss = add(matmul(x, w), b).relu().logSoftmax(1).sum().neg();
    loss.backward();
    expect(w.grad?.shape).toEqual([2, 2]);
    expect(b.grad?.tolist()).toEqual([expect.any(Number), expect.any(Number)]);
  });
});
