/**
 * W5's training step, shared by the bench (bench/torchlet.ts) and bench/w5-profile.ts: one step of
 * examples/tiny-gpt's GPT as its train.ts takes it (constant lr), on the current backend.
 */
import * as core from '@torchlet/core';
import * as nn from '@torchlet/nn';
import type { GPT } from '../examples/tiny-gpt/model';
import { w5Sizes, w5Tokens } from './workloads';

/** After manualSeed(0): the model and its step (forward, loss, backward, clipGradNorm_, AdamW), which returns the loss. */
export function w5Stepper(Gpt: typeof GPT): { model: GPT; step: () => number } {
  core.manualSeed(0);
  const { blockSize, nLayer, nHead, nEmbd, vocabSize } = w5Sizes;
  const model = new Gpt({ blockSize, vocabSize, nLayer, nHead, nEmbd, dropout: 0 });
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
  return { model, step };
}
