/**
 * PyTorch: nn (nn.Sequential of Linear and Flatten, MSELoss(reduction='sum'), updates by hand under
 * noGrad): the port prints what tools/parity/ports_polynomial.py prints with real PyTorch 1.13,
 * bit for bit, all 2000 steps, per seed (on the default backend; for the native one see optim.test.ts).
 */
import { expectClose, outputs, printed } from './compare';

describe('polynomial, nn version: the losses and weights PyTorch prints, bit for bit', () => {
  for (const { seed, steps, parts } of outputs) {
    it(`seed ${seed}`, () => expectClose(printed('nn', seed, steps), parts.nn, 0));
  }
});
