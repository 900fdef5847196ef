/**
 * "Learning PyTorch with Examples": PyTorch: Custom nn Modules (polynomial_module.py), ported
 * line for line from Polynomial3 and polynomial_module() in tools/parity/ports_polynomial.py.
 */
import * as torch from 'torchlet';
import { nn, optim } from 'torchlet';
import type { Print } from './print';

export class Polynomial3 extends nn.Module {
  a: nn.Parameter;
  b: nn.Parameter;
  c: nn.Parameter;
  d: nn.Parameter;

  /**
   * In the constructor we instantiate four parameters and assign them as
   * member parameters.
   */
  constructor() {
    super();
    this.a = new nn.Parameter(torch.randn([]));
    this.b = new nn.Parameter(torch.randn([]));
    this.c = new nn.Parameter(torch.randn([]));
    this.d = new nn.Parameter(torch.randn([]));
  }

  /**
   * In the forward function we accept a Tensor of input data and we must return
   * a Tensor of output data. We can use Modules defined in the constructor as
   * well as arbitrary operators on Tensors.
   */
  forward(x: torch.Tensor): torch.Tensor {
    return this.a.add(this.b.mul(x)).add(this.c.mul(x.pow(2))).add(this.d.mul(x.pow(3)));
  }

  /**
   * Just like any class, you can also define custom method on PyTorch modules
   */
  string(): string {
    return `y = ${this.a.item()} + ${this.b.item()} x + ${this.c.item()} x^2 + ${this.d.item()} x^3`;
  }
}

export function polynomialModule(print: Print = console.log, steps = 2000): void {
  // Create Tensors to hold input and outputs.
  const x = torch.linspace(-Math.PI, Math.PI, 2000);
  const y = torch.sin(x);

  // Construct our model by instantiating the class defined above
  const model = new Polynomial3();

  // Construct our loss function and an Optimizer. The call to model.parameters()
  // in the SGD constructor will contain the learnable parameters (defined
  // with nn.Parameter) which are members of the model.
  const criterion = new nn.MSELoss({ reduction: 'sum' });
  const optimizer = new optim.SGD(model.parameters(), { lr: 1e-6 });
  for (let t = 0; t < steps; t++) {
    // Forward pass: Compute predicted y by passing x to the model
    const yPred = model(x);

    // Compute and print loss
    const loss = criterion(yPred, y);
    if (t % 100 === 99) print(t, loss.item());

    // Zero gradients, perform a backward pass, and update the weights.
    optimizer.zeroGrad();
    loss.backward();
    optimizer.step();
  }

  print(`Result: ${model.string()}`);
}
