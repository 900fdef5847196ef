/** Tensor methods that draw from the generator with the tensor as parameters: multinomial. */
import { Tensor } from '../tensor';
import { multinomial, type MultinomialOptions } from '../ops/multinomial';

declare module '../tensor' {
  interface Tensor {
    multinomial(numSamples: number, replacement?: boolean | MultinomialOptions, opts?: MultinomialOptions): Tensor;
    multinomial(opts: MultinomialOptions & { numSamples: number }): Tensor;
  }
}

Tensor.prototype.multinomial = function multinomialMethod(this: Tensor, numSamples: number | (MultinomialOptions & { numSamples: number }),
  replacement?: boolean | MultinomialOptions, opts?: MultinomialOptions): Tensor {
  return typeof numSamples === 'number' ? multinomial(this, numSamples, replacement, opts) : multinomial(this, numSamples);
};
