import * as core from '@torchlet/core';
import { nn } from 'torchlet';
import { w5Sizes, w5Tokens } from './workloads';
async function main(): Promise<void> {
  const { GPT } = await import('../examples/tiny-gpt/model.js');
  if (process.env.BK) core.setBackend(process.env.BK);
  core.manualSeed(0);
  const { batchSize, blockSize, nLayer, nHead, nEmbd, vocabSize } = w5Sizes;
  void batchSize;
  const model = new GPT({ blockSize, vocabSize, nLayer, nHead, nEmbd, dropout: 0 });
  const opt = model.configureOptimizers(0.1, 1e-3, [0.9, 0.99]);
  const { x: xs, y: ys } = w5Tokens();
  const x = core.tensor(xs), y = core.tensor(ys);
  const step = (): number => {
    const logits = model(x);
    const loss = nn.functional.crossEntropy(logits.view(-1, vocabSize), y.view(-1));
    loss.backward();
    nn.utils.clipGradNorm_(model.parameters(), 1.0);
    opt.step();
    opt.zeroGrad();
    return loss.item();
  };
  for (let i = 0; i < 5; i++) step();
  const n = Number(process.env.N ?? 30);
  const t0 = performance.now();
  for (let i = 0; i < n; i++) step();
  console.log(core.backendName(), ((performance.now() - t0) / n).toFixed(2), 'ms/step');
}
void main();
