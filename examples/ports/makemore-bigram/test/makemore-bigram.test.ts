/**
 * makemore's bigram model: the port prints what tools/parity/ports_makemore_bigram.py prints with
 * real PyTorch 1.13 on the shipped names, per generator seed: the names sampled from the counts and
 * from the trained net (torch.multinomial's draws), the log likelihood and NLL as tensors, the
 * example count, exactly; the gradient-descent losses to float32 precision (20 steps here to keep the
 * test fast; cli.test.ts checks the notebook's 100 steps).
 *
 * Known library gap: the weight gradient xenc^T @ dlogits (27 x 5207 @ 5207 x 27) is summed in
 * another order than PyTorch's BLAS (torch.randn(5207, 27).t().mm(torch.randn(5207, 27))[0, 0]
 * after manualSeed(0): -16.64874267578125 on js/wasm, -16.648765563964844 on native,
 * -16.64883041381836 in PyTorch), so from the third step on the losses (and, for some seeds, the last sampled names' draws) can differ in the last one or two
 * float32 bits. The bit-for-bit case is `it.failing`: it turns red once the matmul sums in
 * PyTorch's order; then make it `it` and compare every seed with rel 0.
 */
import fixture from './fixtures/python-outputs.json';
import { expectSame, run } from './compare';

const cache = new Map<number, string[]>();
function printed(seed: number, steps: number): string[] {
  if (!cache.has(seed)) cache.set(seed, run(['--seed', String(seed), '--steps', String(steps)]));
  return cache.get(seed)!;
}

describe('makemore bigram: the samples, likelihoods and losses PyTorch prints', () => {
  for (const { seed, steps, lines } of fixture.outputs) {
    it(`seed ${seed}`, () => expectSame(printed(seed, steps), lines, 1e-6));
  }
  const first = fixture.outputs[0]!;
  it.failing(`seed ${first.seed}, every loss bit for bit (GAP: large matmul summation order)`, () => {
    expectSame(printed(first.seed, first.steps), first.lines, 0);
  });
});
