/**
 * Writes packages/nn/test/fixtures/torchlet_model.safetensors (+ torchlet_model.json with an input
 * and torchlet's output) from torchlet's SmallNet, for tools/parity/nn_safetensors.py to load into
 * PyTorch. Run: npx tsx --conditions=torchlet-source tools/parity/nn_safetensors_export.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { manualSeed, noGrad, randn, type Tensor } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import { SmallNet } from '../../packages/nn/test/small-net';

const FIXTURES = join(__dirname, '..', '..', 'packages', 'nn', 'test', 'fixtures');
const asJson = (t: Tensor): { shape: number[]; dtype: string; data: number[] } => ({
  shape: t.shape, dtype: t.dtype, data: Array.from(t.contiguous().toTypedArray(), Number),
});

manualSeed(1);
const net = new SmallNet();
noGrad(() => net(randn(6, 1, 4, 4)));
net.eval();
const x = randn(3, 1, 4, 4);
const out = noGrad(() => net(x));
nn.save(net.stateDict(), join(FIXTURES, 'torchlet_model.safetensors'), { metadata: { format: 'pt', producer: 'torchlet' } });
writeFileSync(join(FIXTURES, 'torchlet_model.json'), `${JSON.stringify({ input: asJson(x), output: asJson(out) })}\n`);
console.log('wrote torchlet_model.safetensors and torchlet_model.json');
