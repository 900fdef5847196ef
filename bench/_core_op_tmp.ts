import * as torch from '@torchlet/core';
const F = { };
void F;
torch.manualSeed(0);
const x = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 1], [1, 1], [0, 0]]).float();
const W1 = torch.randn(2, 5, { requiresGrad: true });
const B1 = torch.randn(5, { requiresGrad: true });
const Wout = torch.randn(5, 3, { requiresGrad: true });
const Bout = torch.randn(3, { requiresGrad: true });
const onehot = torch.tensor([[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 0, 0], [1, 0, 0], [0, 0, 1]]).float();
function step(): void {
  const z1 = torch.add(torch.matmul(x, W1), B1);
  const Zout = torch.add(torch.matmul(z1.relu(), Wout), Bout);
  const loss = Zout.logSoftmax(1).mul(onehot).sum().neg().div(6);
  loss.backward();
  torch.noGrad(() => {
    W1.sub_(W1.grad!, { alpha: 0.01 }); B1.sub_(B1.grad!, { alpha: 0.01 }); Wout.sub_(Wout.grad!, { alpha: 0.01 }); Bout.sub_(Bout.grad!, { alpha: 0.01 });
  });
  W1.grad = null; B1.grad = null; Wout.grad = null; Bout.grad = null;
}
for (let i = 0; i < 3000; i++) step();
const t0 = process.hrtime.bigint();
for (let i = 0; i < 30000; i++) step();
console.log('step', (Number(process.hrtime.bigint() - t0) / 1e3 / 30000).toFixed(3), 'us');
