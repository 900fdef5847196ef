// Throwaway (w5-native): runs W5's step N times on BK and prints a hash of every parameter's bits.
import * as core from '@torchlet/core';
import '@torchlet/native';
import { nn } from 'torchlet';
import { createHash } from 'node:crypto';
import { w5Sizes, w5Tokens } from './workloads';
async function main(): Promise<void> {
  const { GPT } = await import('../examples/tiny-gpt/model.js');
  if (process.env.BK) core.setBackend(process.env.BK);
  core.manualSeed(0);
  const { blockSize, nLayer, nHead, nEmbd, vocabSize } = w5Sizes;
  const model = new GPT({ blockSize, vocabSize, nLayer, nHead, nEmbd, dropout: 0 });
  const opt = model.configureOptimizers(0.1, 1e-3, [0.9, 0.99]);
  const { x: xs, y: ys } = w5Tokens();
  const x = core.tensor(xs), y = core.tensor(ys);
  const losses: number[] = [];
  for (let i = 0; i < Number(process.env.N ?? 5); i++) {
    const logits = model(x);
    const loss = nn.functional.crossEntropy(logits.view(-1, vocabSize), y.view(-1));
    loss.backward();
    nn.utils.clipGradNorm_(model.parameters(), 1.0);
    opt.step();
    opt.zeroGrad();
    losses.push(loss.item());
  }
  const h = createHash('sha256');
  for (const p of model.parameters()) h.update(Buffer.from((p.toTypedArray() as Float32Array).buffer));
  console.log(core.backendName(), h.digest('hex').slice(0, 16), losses.slice(-1)[0]);
}
void main();
