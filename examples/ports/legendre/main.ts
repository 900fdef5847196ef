/**
 * "Learning PyTorch with Examples": PyTorch: Defining New autograd Functions, ported line for
 * line from tools/parity/ports_legendre.py (the tutorial's polynomial_custom_function.py).
 * Run: node --import tsx --conditions=torchlet-source examples/ports/legendre/main.ts
 */
import * as torch from 'torchlet';
import type { Tensor } from 'torchlet';

type Ctx = torch.autograd.FunctionCtx;

/**
 * We can implement our own custom autograd Functions by subclassing
 * torch.autograd.Function and implementing the forward and backward passes
 * which operate on Tensors.
 */
class LegendrePolynomial3 extends torch.autograd.Function {
  /**
   * In the forward pass we receive a Tensor containing the input and return
   * a Tensor containing the output. ctx is a context object that can be used
   * to stash information for backward computation. You can cache arbitrary
   * objects for use in the backward pass using the ctx.saveForBackward method.
   */
  static forward(ctx: Ctx, input: Tensor): Tensor {
    ctx.saveForBackward(input);
    return input.pow(3).mul(5).sub(input.mul(3)).mul(0.5);
  }

  /**
   * In the backward pass we receive a Tensor containing the gradient of the loss
   * with respect to the output, and we need to compute the gradient of the loss
   * with respect to the input.
   */
  static backward(ctx: Ctx, gradOutput: Tensor): Tensor {
    const [input] = ctx.savedTensors as [Tensor];
    return gradOutput.mul(1.5).mul(input.pow(2).mul(5).sub(1));
  }
}

export function main(print: (...parts: unknown[]) => void = console.log): void {
  // PyTorch's torch.float; becomes `torch.float32` once the dtype constants of issue 11 are exported.
  const dtype = 'float32';
  const device = torch.device('cpu');
  // const device = torch.device('cuda:0')  // Uncomment this to run on GPU

  // Create Tensors to hold input and outputs.
  // By default, requiresGrad is false, which indicates that we do not need to
  // compute gradients with respect to these Tensors during the backward pass.
  const x = torch.linspace(-Math.PI, Math.PI, 2000, { device, dtype });
  const y = torch.sin(x);

  // Create random Tensors for weights. For this example, we need
  // 4 weights: y = a + b * P3(c + d * x), these weights need to be initialized
  // not too far from the correct result to ensure convergence.
  // Setting requiresGrad: true indicates that we want to compute gradients with
  // respect to these Tensors during the backward pass.
  const a = torch.full([], 0.0, { device, dtype, requiresGrad: true });
  const b = torch.full([], -1.0, { device, dtype, requiresGrad: true });
  const c = torch.full([], 0.0, { device, dtype, requiresGrad: true });
  const d = torch.full([], 0.3, { device, dtype, requiresGrad: true });

  const learningRate = 5e-6;
  for (let t = 0; t < 2000; t++) {
    // To apply our Function, we use Function.apply method. We alias this as 'P3'.
    const P3 = (input: Tensor): Tensor => LegendrePolynomial3.apply(input);

    // Forward pass: compute predicted y using operations; we compute
    // P3 using our custom autograd operation.
    const yPred = a.add(b.mul(P3(c.add(d.mul(x)))));

    // Compute and print loss
    const loss = yPred.sub(y).pow(2).sum();
    if (t % 100 === 99) print(t, loss.item());

    // Use autograd to compute the backward pass.
    loss.backward();

    // Update weights using gradient descent
    torch.noGrad(() => {
      a.sub_(a.grad!.mul(learningRate));
      b.sub_(b.grad!.mul(learningRate));
      c.sub_(c.grad!.mul(learningRate));
      d.sub_(d.grad!.mul(learningRate));

      // Manually zero the gradients after updating weights
      a.grad = null;
      b.grad = null;
      c.grad = null;
      d.grad = null;
    });
  }

  print(`Result: y = ${a.item()} + ${b.item()} * P3(${c.item()} + ${d.item()} x)`);
}

if (require.main === module) main();
