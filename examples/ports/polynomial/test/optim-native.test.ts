/**
 * The optim version on @torchlet/native (what `npm run example:ports:polynomial -- --part optim`
 * uses when the addon is built): Linear's weight gradient here is a vector product over 2000
 * rows, which native hands to the js kernel so it sums in PyTorch's order; the printed numbers
 * then equal PyTorch's to the last bit after RMSprop converges.
 * (A file of its own: loading @torchlet/native makes it the default backend of the file.)
 */
import * as torch from 'torchlet';
import { isNativeAvailable } from '@torchlet/native';
import { expectClose, outputs, printed } from './compare';

(isNativeAvailable() ? describe : describe.skip)('polynomial, optim version on the native backend', () => {
  it('seed 0, bit for bit', () => {
    torch.setBackend('native');
    const { seed, steps, parts } = outputs[0]!;
    expectClose(printed('optim', seed, steps), parts.optim, 0);
  });
});
