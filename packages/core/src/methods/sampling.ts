/** Tensor methods that draw from the generator with the tensor as parameters: multinomial. */
import { Tensor } from '../tensor';
import { multinomial, type MultinomialOptions } from '../ops/multinomial';

declare module '../tensor' {
  interface Tensor {
    /**
     * Draws `numSamples` category indices from the (unnormalised, non-negative) weights in each row, without replacement unless `replacement`; int32 indices of shape (rows, numSamples), drawn as PyTorch draws them (torch.multinomial).
     */
    multinomial(numSamples: number, replacement?: boolean | MultinomialOptions, opts?: MultinomialOptions): Tensor;
    /** multinomial with keyword options: `p.multinomial({ numSamples: 3, replacement: true })`. */
    multinomial(opts: MultinomialOptions & { numSamples: number }): Tensor;
  }
}

Tensor.prototype.multinomial = function multinomialMethod(this: Tensor, numSamples: number | (MultinomialOptions & { numSamples: number }),
  replacement?: boolean | MultinomialOptions, opts?: MultinomialOptions): Tensor {
  return typeof numSamples === 'number' ? multinomial(this, numSamples, replacement, opts) : multinomial(this, numSamples);
};
