/**
 * PyTorch: Custom nn Modules (Polynomial3, SGD): the port prints what
 * tools/parity/ports_polynomial.py prints with real PyTorch 1.13, bit for bit, all 2000 steps.
 */
import { expectClose, outputs, printed } from './compare';

describe('polynomial, custom nn.Module version: the losses and model.string() PyTorch prints, bit for bit', () => {
  for (const { seed, steps, parts } of outputs) {
    it(`seed ${seed}`, () => expectClose(printed('module', seed, steps), parts.module, 0));
  }
});
