import * as torch from 'torchlet';
const F = torch.nn.functional;
torch.manualSeed(0);
const x = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 1], [1, 1], [0, 0]]).float();
const y = torch.tensor([0, 1, 0, 1, 0, 1]);
const W1 = torch.randn(2, 5, { requiresGrad: true });
const B1 = torch.randn(5, { requiresGrad: true });
const Wout = torch.randn(5, 2, { requiresGrad: true });
const Bout = torch.randn(2, { requiresGrad: true });
const lr = 0.01;
function step(): number {
  const z1 = torch.add(torch.matmul(x, W1), B1);
  const Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout);
  const loss = F.nllLoss(F.logSoftmax(Zout, 1), y);
  loss.backward();
  torch.noGrad(() => {
    W1.sub_(W1.grad!.mul(lr)); B1.sub_(B1.grad!.mul(lr)); Wout.sub_(Wout.grad!.mul(lr)); Bout.sub_(Bout.grad!.mul(lr));
  });
  W1.grad!.zero_(); B1.grad!.zero_(); Wout.grad!.zero_(); Bout.grad!.zero_();
  return 0;
}
for (let i = 0; i < 20000; i++) step();
const N = 50000;
for (let r = 0; r < 3; r++) {
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < N; i++) step();
  const t1 = process.hrtime.bigint();
  console.log('step us', Number(t1 - t0) / 1e3 / N);
}
// single-op costs
const a = torch.randn(6, 5), b = torch.randn(5);
const bench = (name: string, f: () => unknown): void => {
  for (let i = 0; i < 20000; i++) f();
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < 200000; i++) f();
  console.log(name.padEnd(24), (Number(process.hrtime.bigint() - t0) / 1e3 / 200000).toFixed(3), 'us');
};
bench('add bcast', () => a.add(b));
bench('add same', () => a.add(a));
bench('mul scalar', () => a.mul(0.01));
bench('relu', () => a.relu());
bench('sum', () => a.sum());
bench('sum(0)', () => a.sum(0));
bench('amax(1)', () => a.amax(1, { keepdim: true }));
bench('matmul 6x5@5x2', () => a.matmul(Wout));
bench('logSoftmax', () => a.logSoftmax(1));
bench('sub_ inplace', () => torch.noGrad(() => a.sub_(a, { alpha: 0 })));
bench('zero_', () => a.zero_());
