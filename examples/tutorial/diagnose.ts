/**
 * Compares every intermediate of the tutorial's first manual-update epoch with PyTorch's (from
 * tools/parity/tutorial_intermediates.py) and prints the ulp differences, so a drift can be
 * traced to the first op that differs.
 *
 *   /usr/bin/python3 tools/parity/tutorial_intermediates.py --seed 0 > /tmp/torch-seed0.json
 *   npx tsx --conditions=torchlet-source examples/tutorial/diagnose.ts /tmp/torch-seed0.json
 */
import { readFileSync } from 'node:fs';
import * as torch from 'torchlet';
import { xDataTorch, yDataTorch } from './data';

const F = torch.nn.functional;

function bits(t: torch.Tensor): number[] {
  return Array.from(new Int32Array(Float32Array.from(t.detach().contiguous().toTypedArray()).buffer));
}

const path = process.argv[2];
if (path === undefined) {
  console.error('usage: diagnose.ts TORCH_INTERMEDIATES.json');
  process.exit(2);
}
const torchValues = JSON.parse(readFileSync(path, 'utf8')) as Record<string, number[]> & { seed: number };
torch.manualSeed(torchValues.seed);
const W1 = torch.randn(2, 5, { requiresGrad: true });
const B1 = torch.randn(5, { requiresGrad: true });
const Wout = torch.randn(5, 3, { requiresGrad: true });
const Bout = torch.randn(3, { requiresGrad: true });
const mm1 = torch.matmul(xDataTorch, W1);
const z1 = torch.add(mm1, B1);
const relu = F.relu(z1);
const mm2 = torch.matmul(relu, Wout);
const Zout = torch.add(mm2, Bout);
const logSoftmax = F.logSoftmax(Zout, 1);
const loss = F.nllLoss(logSoftmax, yDataTorch);
for (const t of [z1, relu, Zout, logSoftmax]) t.retainGrad();
loss.backward();
const ours: Record<string, torch.Tensor | null> = {
  W1, B1, Wout, Bout, mm1, z1, relu, mm2, Zout, log_softmax: logSoftmax, loss,
  'grad log_softmax': logSoftmax.grad, 'grad Zout': Zout.grad, 'grad relu': relu.grad, 'grad z1': z1.grad,
  'grad W1': W1.grad, 'grad B1': B1.grad, 'grad Wout': Wout.grad, 'grad Bout': Bout.grad,
};
for (const [name, t] of Object.entries(ours)) {
  const want = torchValues[name];
  if (t === null || want === undefined) {
    console.log(`${name.padEnd(18)} missing`);
    continue;
  }
  const ulps = bits(t).map((b, i) => b - want[i]!);
  console.log(`${name.padEnd(18)} ${ulps.every((u) => u === 0) ? 'identical' : `ulps ${ulps.join(' ')}`}`);
}
