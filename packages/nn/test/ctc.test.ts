/**
 * F.ctcLoss / nn.CTCLoss against PyTorch (fixtures from tools/parity/nn_losses_extra.py): padded
 * and concatenated targets, lengths as tensors and lists, a non-zero blank, impossible alignments
 * with and without zeroInfinity, unbatched input, float64; value, grad_fn name and gradient per
 * reduction; PyTorch's errors; a float64 gradcheck of the alpha-beta gradient.
 */
import { Tensor, autograd, tensor, gradcheck } from '@torchlet/core';
import * as nn from '@torchlet/nn';
import fixture from './fixtures/nn_losses_extra.json';
import { expectClose, fromJson, type TensorJson } from './helpers';

const F = nn.functional;

interface Run {
  reduction: string;
  output: TensorJson;
  gradFn: string;
  gout: TensorJson;
  grads: (TensorJson | null)[];
}
type Arg = TensorJson | number[];
interface CtcCase {
  name: string;
  args: Arg[];
  options: Record<string, unknown>;
  lengthsAs: 'tensor' | 'list';
  runs: Run[];
}
interface CtcError {
  name: string;
  args: Arg[];
  options: Record<string, unknown>;
  lengthsAs: 'tensor' | 'list';
  message: string;
}

const { ctc, ctcErrors } = fixture as unknown as { ctc: CtcCase[]; ctcErrors: CtcError[] };

/** log_probs, targets and the two lengths, as the case passes them. */
function decode(c: { args: Arg[]; lengthsAs: string }): [Tensor, Tensor, Tensor | number[], Tensor | number[]] {
  const [lp, tg, il, tl] = c.args as [TensorJson, TensorJson, number[], number[]];
  const len = (l: number[]): Tensor | number[] => (c.lengthsAs === 'tensor' ? tensor(l) : l);
  return [fromJson(lp), fromJson(tg), len(il), len(tl)];
}

describe.each(ctc.map((c) => [c.name, c] as const))('%s', (_n, c) => {
  it.each(c.runs.map((r) => [r.reduction, r] as const))('reduction %s: value, node, gradient', (_r, r) => {
    const [lp, tg, il, tl] = decode(c);
    lp.requiresGrad_();
    const y = F.ctcLoss(lp, tg, il, tl, { ...c.options, reduction: r.reduction as 'mean' });
    expectClose(y, r.output);
    expect(y.gradFn?.name).toBe(r.gradFn);
    y.backward(fromJson(r.gout));
    expectClose(lp.grad!, r.grads[0]!);
  });
});

describe('CTC errors in PyTorch words', () => {
  it.each(ctcErrors.map((e) => [e.name, e] as const))('%s', (_n, e) => {
    const [lp, tg, il, tl] = decode(e);
    expect(() => F.ctcLoss(lp, tg, il, tl, e.options)).toThrow(e.message);
  });
  it('unknown options', () => {
    const [lp, tg, il, tl] = decode(ctc[0]!);
    expect(() => F.ctcLoss(lp, tg, il, tl, { zeroInfinty: true } as object)).toThrow("ctc_loss() got an unexpected keyword argument 'zeroInfinty' (did you mean 'zeroInfinity'?)");
  });
});

describe('CTC gradient', () => {
  it('passes a float64 gradcheck through logSoftmax (each reduction, a transposed input)', () => {
    const T = 6, N = 2, C = 4;
    const raw = tensor(Array.from({ length: T * N * C }, (_, i) => Math.sin(0.7 * i) * 2), { dtype: 'float64' });
    const targets = tensor([[1, 2, 2], [3, 1, 0]]);
    for (const reduction of ['mean', 'sum', 'none'] as const) {
      const x = raw.reshape([N, T, C]).transpose(0, 1).detach().requiresGrad_();
      expect(gradcheck((z) => F.ctcLoss(z.logSoftmax(2), targets, [6, 5], [3, 2], { reduction }), [x], { atol: 1e-5, rtol: 1e-3 })).toBe(true);
    }
  });
  it('has no double backward, as PyTorch', () => {
    const lp = tensor([[[-1.2, -0.5, -1.9]], [[-0.3, -2.0, -1.6]], [[-1.1, -1.1, -1.1]]], { dtype: 'float64' }).requiresGrad_();
    const [g] = autograd.grad([F.ctcLoss(lp, tensor([[1, 2]]), [3], [2])], [lp], { createGraph: true });
    expect(g!.gradFn?.name).toBe('NotImplemented');
    expect(() => g!.sum().backward()).toThrow('derivative for aten::_ctc_loss_backward is not implemented');
  });
  it('the module runs the functional form with its options', () => {
    const [lp, tg, il, tl] = decode(ctc[3]!);
    const m = new nn.CTCLoss({ blank: 4, reduction: 'sum' });
    expect(String(m)).toBe('CTCLoss()');
    expectClose(m(lp, tg, il, tl), F.ctcLoss(lp, tg, il, tl, { blank: 4, reduction: 'sum' }));
  });
});
