/**
 * Edge cases PyTorch handles that torchlet got wrong: a batch of zero samples through BatchNorm
 * (an empty result, running statistics untouched), and an input changed in place between
 * cross-entropy's forward and backward (PyTorch's graph saves log_softmax's output, not the input).
 */
import * as torch from 'torchlet';
const { nn } = torch;
const F = nn.functional;

describe('BatchNorm on an empty batch', () => {
  test('training: an empty result and gradient, running stats unchanged, the batch counted', () => {
    const bn = new nn.BatchNorm1d(3);
    const x = torch.randn([0, 3], { requiresGrad: true });
    const y = bn.forward(x);
    expect(y.shape).toEqual([0, 3]);
    y.sum().backward();
    expect(x.grad!.shape).toEqual([0, 3]);
    expect(bn.weight!.grad!.tolist()).toEqual([0, 0, 0]);
    expect(bn.runningMean!.tolist()).toEqual([0, 0, 0]);
    expect(bn.runningVar!.tolist()).toEqual([1, 1, 1]);
    expect(bn.numBatchesTracked!.item()).toBe(1);
  });
  test('2-d and eval mode too; one value per channel still raises', () => {
    expect(new nn.BatchNorm2d(3).forward(torch.zeros(0, 3, 2, 2)).shape).toEqual([0, 3, 2, 2]);
    const bn = new nn.BatchNorm1d(3);
    bn.eval();
    expect(bn.forward(torch.zeros(0, 3)).shape).toEqual([0, 3]);
    bn.train();
    expect(() => bn.forward(torch.zeros(1, 3))).toThrow('Expected more than 1 value per channel when training, got input size torch.Size([1, 3])');
    expect(bn.numBatchesTracked!.item()).toBe(0);
  });
});

describe('cross-entropy input changed in place before backward', () => {
  test('backward runs and gives the gradient of the forward values', () => {
    torch.manualSeed(0);
    const w = torch.randn([4, 5], { requiresGrad: true });
    const target = torch.tensor([0, 3, 4, 1]);
    const logits = w.mul(2);
    const loss = F.crossEntropy(logits, target);
    logits.add_(100);
    loss.backward();
    // d/dw mean CE(2w) = 2 (softmax(2w) - onehot) / N, from the values before add_.
    const expected = torch.noGrad(() => w.mul(2).softmax(1).sub(F.oneHot(target, 5).float()).mul(2 / 4));
    const got = w.grad!.toTypedArray(), want = expected.toTypedArray();
    for (let i = 0; i < got.length; i++) expect(got[i]).toBeCloseTo(want[i]!, 6);
  });
  test('double backward still flows through log_softmax', () => {
    const x = torch.tensor([[0.5, -1, 2]], { dtype: 'float64', requiresGrad: true });
    const target = torch.tensor([2]);
    expect(torch.gradgradcheck((t) => F.crossEntropy(t, target), [x])).toBe(true);
  });
});

describe('a generator option that is not a Generator', () => {
  test('dropout and the DataLoader name the option', () => {
    const bad = { seed: 1 } as unknown;
    expect(() => F.dropout(torch.ones(4), 0.5, true, { generator: bad as torch.Generator })).toThrow('dropout(): generator must be a torch.Generator, got a plain object');
    const ds = new torch.trainer.TensorDataset(torch.ones(4, 1));
    expect(() => new torch.trainer.DataLoader(ds, { shuffle: true, generator: bad as torch.Generator })).toThrow('DataLoader(): generator must be a torch.Generator, got a plain object');
  });
});
