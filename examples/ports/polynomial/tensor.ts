/**
 * "Learning PyTorch with Examples": PyTorch: Tensors (polynomial_tensor.py), ported line for line
 * from polynomial_tensor() in tools/parity/ports_polynomial.py. Gradients computed by hand.
 */
import * as torch from 'torchlet';
import type { Print } from './print';

export function polynomialTensor(print: Print = console.log, steps = 2000): void {
  const dtype = torch.float;
  const device = torch.device('cpu');
  // const device = torch.device('cuda:0') // Uncomment this to run on GPU

  // Create random input and output data
  const x = torch.linspace(-Math.PI, Math.PI, 2000, { device, dtype });
  const y = torch.sin(x);

  // Randomly initialize weights
  const a = torch.randn([], { device, dtype });
  const b = torch.randn([], { device, dtype });
  const c = torch.randn([], { device, dtype });
  const d = torch.randn([], { device, dtype });

  const learningRate = 1e-6;
  for (let t = 0; t < steps; t++) {
    // Forward pass: compute predicted y
    const yPred = a.add(b.mul(x)).add(c.mul(x.pow(2))).add(d.mul(x.pow(3)));

    // Compute and print loss
    const loss = yPred.sub(y).pow(2).sum().item();
    if (t % 100 === 99) print(t, loss);

    // Backprop to compute gradients of a, b, c, d with respect to loss
    const gradYPred = yPred.sub(y).mul(2.0);
    const gradA = gradYPred.sum();
    const gradB = gradYPred.mul(x).sum();
    const gradC = gradYPred.mul(x.pow(2)).sum();
    const gradD = gradYPred.mul(x.pow(3)).sum();

    // Update weights using gradient descent
    a.sub_(gradA.mul(learningRate));
    b.sub_(gradB.mul(learningRate));
    c.sub_(gradC.mul(learningRate));
    d.sub_(gradD.mul(learningRate));
  }

  print(`Result: y = ${a.item()} + ${b.item()} x + ${c.item()} x^2 + ${d.item()} x^3`);
}
