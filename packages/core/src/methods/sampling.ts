/** Tensor methods that draw from the generator with the tensor as parameters: multinomial. */
import { Tensor } from '../tensor';
import { multinomial, type MultinomialOptions } from '../ops/multinomial';

declare module '../tensor' {
  interface Tensor {
    multinomial(numSamples: number, replacement?: boolean | MultinomialOptions, opts?: MultinomialOptions): Tensor;
  }
}

Tensor.prototype.multinomial = function multinomialMethod(this: Tensor, numSamples: number,
  replacement?: boolean | MultinomialOptions, opts?: MultinomialOptions): Tensor {
  return multinomial(this, numSamples, replacement, opts);
};
