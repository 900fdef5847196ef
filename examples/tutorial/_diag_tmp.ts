import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
const F = torch.nn.functional;
const want = JSON.parse(readFileSync('/tmp/diag/manual0.json', 'utf8')) as Record<string, number[]>;
const x = torch.tensor([[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]]).float();
const y = torch.tensor([0, 1, 2, 0, 0, 2]);
const b = (t: torch.Tensor) => Array.from(new Int32Array(Float32Array.from(t.detach().contiguous().toTypedArray()).buffer));
torch.manualSeed(0);
const W1 = torch.randn(2, 5, { requiresGrad: true }); const B1 = torch.randn(5, { requiresGrad: true });
const Wout = torch.randn(5, 3, { requiresGrad: true }); const Bout = torch.randn(3, { requiresGrad: true });
const mm1 = torch.matmul(x, W1); const z1 = torch.add(mm1, B1); const r = F.relu(z1); const mm2 = torch.matmul(r, Wout); const Z = torch.add(mm2, Bout);
const ls = F.logSoftmax(Z, 1); const loss = F.nllLoss(ls, y);
for (const p of [z1, Z, ls]) p.retainGrad();
loss.backward();
const got: Record<string, torch.Tensor> = { W1, B1, Wout, Bout, mm1, z1, mm2, Z, ls, loss, gls: ls.grad!, gZ: Z.grad!, gz1: z1.grad!, gW1: W1.grad!, gB1: B1.grad!, gWout: Wout.grad!, gBout: Bout.grad! };
for (const [k, t] of Object.entries(got)) {
  const g = b(t); const w = want[k]!;
  const diffs = g.map((v, i) => v - w[i]!).filter((d) => d !== 0);
  console.log(k.padEnd(6), diffs.length === 0 ? 'same' : `DIFF ulps: ${g.map((v, i) => v - w[i]!).join(',')}`);
}
