/**
 * "Learning PyTorch with Examples": PyTorch: optim (polynomial_optim.py), ported line for line
 * from polynomial_optim() in tools/parity/ports_polynomial.py.
 */
import * as torch from 'torchlet';
import type { Print } from './print';

export function polynomialOptim(print: Print = console.log, steps = 2000): void {
  // Create Tensors to hold input and outputs.
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);

  // Prepare the input tensor (x, x^2, x^3).
  const p = torch.tensor([1, 2, 3]);
  const xx = x.unsqueeze(-1).pow(p);

  // Use the nn package to define our model and loss function.
  const model = new torch.nn.Sequential(
    new torch.nn.Linear(3, 1),
    new torch.nn.Flatten(0, 1),
  );
  const lossFn = new torch.nn.MSELoss({ reduction: 'sum' });

  // Use the optim package to define an Optimizer that will update the weights of
  // the model for us. Here we will use RMSprop; the optim package contains many other
  // optimization algorithms. The first argument to the RMSprop constructor tells the
  // optimizer which Tensors it should update.
  const learningRate = 1e-3;
  const optimizer = new torch.optim.RMSprop(model.parameters(), { lr: learningRate });
  for (let t = 0; t < steps; t++) {
    // Forward pass: compute predicted y by passing x to the model.
    const yPred = model(xx);

    // Compute and print loss.
    const loss = lossFn(yPred, y);
    if (t % 100 === 99) print(t, loss.item());

    // Before the backward pass, use the optimizer object to zero all of the
    // gradients for the variables it will update (which are the learnable
    // weights of the model). This is because by default, gradients are
    // accumulated in buffers( i.e, not overwritten) whenever .backward()
    // is called. Checkout docs of torch.autograd.backward for more details.
    optimizer.zeroGrad();

    // Backward pass: compute gradient of the loss with respect to model
    // parameters
    loss.backward();

    // Calling the step function on an Optimizer makes an update to its
    // parameters
    optimizer.step();
  }

  const linearLayer = model[0] as torch.nn.Linear;
  print(`Result: y = ${linearLayer.bias!.item()} + ${linearLayer.weight.index(':', 0).item()} x + ${linearLayer.weight.index(':', 1).item()} x^2 + ${linearLayer.weight.index(':', 2).item()} x^3`);
}
