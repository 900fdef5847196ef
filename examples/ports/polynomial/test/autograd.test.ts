/**
 * PyTorch: Tensors and autograd: the port prints what tools/parity/ports_polynomial.py prints with
 * real PyTorch 1.13, bit for bit, all 2000 steps, per seed.
 */
import { expectClose, outputs, printed } from './compare';

describe('polynomial, autograd version: the losses and weights PyTorch prints, bit for bit', () => {
  for (const { seed, steps, parts } of outputs) {
    it(`seed ${seed}`, () => expectClose(printed('autograd', seed, steps), parts.autograd, 0));
  }
});
