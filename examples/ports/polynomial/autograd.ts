/**
 * "Learning PyTorch with Examples": PyTorch: Tensors and autograd (polynomial_autograd.py),
 * ported line for line from polynomial_autograd() in tools/parity/ports_polynomial.py.
 */
import * as torch from 'torchlet';
import type { Print } from './print';

export function polynomialAutograd(print: Print = console.log, steps = 2000): void {
  const dtype = torch.float;
  const device = torch.device('cpu');
  // const device = torch.device('cuda:0')  // Uncomment this to run on GPU

  // Create Tensors to hold input and outputs.
  // By default, requiresGrad is false, which indicates that we do not need to
  // compute gradients with respect to these Tensors during the backward pass.
  const x = torch.linspace(-Math.PI, Math.PI, 2000, { device, dtype });
  const y = torch.sin(x);

  // Create random Tensors for weights. For a third order polynomial, we need
  // 4 weights: y = a + b x + c x^2 + d x^3
  // Setting requiresGrad: true indicates that we want to compute gradients with
  // respect to these Tensors during the backward pass.
  const a = torch.randn([], { device, dtype, requiresGrad: true });
  const b = torch.randn([], { device, dtype, requiresGrad: true });
  const c = torch.randn([], { device, dtype, requiresGrad: true });
  const d = torch.randn([], { device, dtype, requiresGrad: true });

  const learningRate = 1e-6;
  for (let t = 0; t < steps; t++) {
    // Forward pass: compute predicted y using operations on Tensors.
    const yPred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));

    // Compute and print loss using operations on Tensors.
    // Now loss is a Tensor of shape (1,)
    // loss.item() gets the scalar value held in the loss.
    const loss = yPred.sub(y).pow(2).sum();
    if (t % 100 === 99) print(t, loss.item());

    // Use autograd to compute the backward pass. This call will compute the
    // gradient of loss with respect to all Tensors with requiresGrad: true.
    // After this call a.grad, b.grad. c.grad and d.grad will be Tensors holding
    // the gradient of the loss with respect to a, b, c, d respectively.
    loss.backward();

    // Manually update weights using gradient descent. Wrap in torch.noGrad()
    // because weights have requiresGrad: true, but we don't need to track this
    // in autograd.
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

  print(`Result: y = ${a.item()} + ${b.item()} x + ${c.item()} x^2 + ${d.item()} x^3`);
}
