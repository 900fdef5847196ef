/**
 * Stronger than the printed lines: the loss of every one of the 1000 epochs, bit for bit, equals
 * PyTorch's (tools/parity/tutorial_trace.py runs the same two loops and records loss.item()).
 * When this fails, examples/tutorial/diagnose.ts finds the first op that differs.
 */
import * as torch from 'torchlet';
import fixture from './fixtures/loss-trace.json';

const { nn, optim } = torch;
const F = nn.functional;
const x = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]]).float();
const y = torch.tensor([0, 1, 2, 0, 0, 2]);

function bits(v: number): number {
  return new Int32Array(new Float32Array([v]).buffer)[0]!;
}

function manual(seed: number): number[] {
  torch.manualSeed(seed);
  const W1 = torch.randn(2, 5, { requiresGrad: true });
  const B1 = torch.randn(5, { requiresGrad: true });
  const Wout = torch.randn(5, 3, { requiresGrad: true });
  const Bout = torch.randn(3, { requiresGrad: true });
  const out: number[] = [];
  for (let epoch = 0; epoch < 1000; epoch++) {
    const z1 = torch.add(torch.matmul(x, W1), B1);
    const Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout);
    const loss = F.nllLoss(F.logSoftmax(Zout, 1), y);
    loss.backward();
    torch.noGrad(() => {
      for (const p of [W1, B1, Wout, Bout]) p.sub_(p.grad!.mul(0.01));
    });
    for (const p of [W1, B1, Wout, Bout]) p.grad!.zero_();
    out.push(bits(loss.item()));
  }
  return out;
}

function auto(seed: number): number[] {
  torch.manualSeed(seed);
  const model = new nn.Sequential(new nn.Linear(2, 5), new nn.ReLU(), new nn.Linear(5, 3));
  const criterion = new nn.CrossEntropyLoss();
  const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
  const out: number[] = [];
  for (let epoch = 0; epoch < 1000; epoch++) {
    model.train();
    opt.zeroGrad();
    const loss = criterion(model(x), y);
    loss.backward();
    opt.step();
    out.push(bits(loss.item()));
  }
  return out;
}

/** The first epoch whose loss differs from PyTorch's, or -1 (one number instead of a 1000-entry diff). */
function firstDifference(got: number[], want: number[]): number {
  expect(got).toHaveLength(want.length);
  return got.findIndex((v, i) => v !== want[i]);
}

describe('every epoch of the tutorial has PyTorch loss, bit for bit', () => {
  for (const t of fixture.traces) {
    it(`manual update, seed ${t.seed}`, () => {
      expect(firstDifference(manual(t.seed), t.manual)).toBe(-1);
    });
    it(`automatic update, seed ${t.seed}`, () => {
      expect(firstDifference(auto(t.seed), t.auto)).toBe(-1);
    });
  }
});
