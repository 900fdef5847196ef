/**
 * "Learning PyTorch with Examples": PyTorch: nn (polynomial_nn.py), ported line for line from
 * polynomial_nn() in tools/parity/ports_polynomial.py.
 */
import * as torch from 'torchlet';
import type { Print } from './print';

export function polynomialNn(print: Print = console.log, steps = 2000): void {
  // Create Tensors to hold input and outputs.
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);

  // For this example, the output y is a linear function of (x, x^2, x^3), so
  // we can consider it as a linear layer neural network. Let's prepare the
  // tensor (x, x^2, x^3).
  const p = torch.tensor([1, 2, 3]);
  const xx = x.unsqueeze(-1).pow(p);

  // In the above code, x.unsqueeze(-1) has shape (2000, 1), and p has shape
  // (3,), for this case, broadcasting semantics will apply to obtain a tensor
  // of shape (2000, 3)

  // Use the nn package to define our model as a sequence of layers. nn.Sequential
  // is a Module which contains other Modules, and applies them in sequence to
  // produce its output. The Linear Module computes output from input using a
  // linear function, and holds internal Tensors for its weight and bias.
  // The Flatten layer flatens the output of the linear layer to a 1D tensor,
  // to match the shape of `y`.
  const model = new torch.nn.Sequential(
    new torch.nn.Linear(3, 1),
    new torch.nn.Flatten(0, 1),
  );

  // The nn package also contains definitions of popular loss functions; in this
  // case we will use Mean Squared Error (MSE) as our loss function.
  const lossFn = new torch.nn.MSELoss({ reduction: 'sum' });

  const learningRate = 1e-6;
  for (let t = 0; t < steps; t++) {
    // Forward pass: compute predicted y by passing x to the model. Module objects
    // are callable, so you can call them like functions. When
    // doing so you pass a Tensor of input data to the Module and it produces
    // a Tensor of output data.
    const yPred = model(xx);

    // Compute and print loss. We pass Tensors containing the predicted and true
    // values of y, and the loss function returns a Tensor containing the
    // loss.
    const loss = lossFn(yPred, y);
    if (t % 100 === 99) print(t, loss.item());

    // Zero the gradients before running the backward pass.
    model.zeroGrad();

    // Backward pass: compute gradient of the loss with respect to all the learnable
    // parameters of the model. Internally, the parameters of each Module are stored
    // in Tensors with requiresGrad: true, so this call will compute gradients for
    // all learnable parameters in the model.
    loss.backward();

    // Update the weights using gradient descent. Each parameter is a Tensor, so
    // we can access its gradients like we did before.
    torch.noGrad(() => {
      for (const param of model.parameters()) param.sub_(param.grad!.mul(learningRate));
    });
  }

  // You can access the first layer of `model` like accessing the first item of a list
  // (TypeScript knows it only as a Module: `as` names its class).
  const linearLayer = model[0] as torch.nn.Linear;

  // For linear layer, its output is a linear function of its input, i.e.
  // y = linearLayer.weight * x + linearLayer.bias
  print(`Result: y = ${linearLayer.bias!.item()} + ${linearLayer.weight.index(':', 0).item()} x + ${linearLayer.weight.index(':', 1).item()} x^2 + ${linearLayer.weight.index(':', 2).item()} x^3`);
}
