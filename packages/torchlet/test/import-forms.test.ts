/**
 * Type-level test of how a port names torchlet's namespaces (checked by
 * `npx tsc -p tsconfig.test.json --noEmit`, which compiles this file; jest runs the value checks).
 *
 * Python's `from torch import nn, optim` is `import { nn, optim } from 'torchlet'`: that import is
 * a namespace, usable as a value (`new nn.Linear(2, 3)`) and as a type (`let l: nn.Linear`).
 * Destructuring, `const { nn, optim } = torch`, gives the same values but a plain constant, which
 * TypeScript cannot use as a namespace: `let l: nn.Linear` is then "Cannot find namespace 'nn'".
 * The README shows the import form.
 */
import * as torch from 'torchlet';
import { nn, optim } from 'torchlet';
import type { trainer } from 'torchlet';

// The import form: types and values from the same name.
class TwoLayer extends nn.Module {
  linear1: nn.Linear;
  linear2: nn.Linear;

  constructor() {
    super();
    this.linear1 = new nn.Linear(2, 3);
    this.linear2 = new nn.Linear(3, 1);
  }

  forward(x: torch.Tensor): torch.Tensor {
    return this.linear2.forward(this.linear1.forward(x).relu());
  }
}

function makeOptimizer(model: nn.Module): optim.Optimizer {
  return new optim.SGD(model.parameters(), { lr: 0.1 });
}

function datasetSize(loader: trainer.DataLoader<[torch.Tensor, torch.Tensor]>): number {
  return loader.dataset.length;
}

// The qualified form through the umbrella works too.
const viaUmbrella: torch.nn.Linear = new torch.nn.Linear(2, 3);

function destructured(): unknown {
  const { nn: nnValue } = torch;
  // @ts-expect-error a destructured constant is a value, not a namespace: use `import { nn } from 'torchlet'`
  const l: nnValue.Linear = new nnValue.Linear(2, 3);
  return l;
}

describe('import forms', () => {
  test('the imported namespaces are the umbrella\'s', () => {
    expect(nn).toBe(torch.nn);
    expect(optim).toBe(torch.optim);
  });

  test('classes typed through the imported namespace work as values', () => {
    torch.manualSeed(0);
    const model = new TwoLayer();
    const opt = makeOptimizer(model);
    expect(opt).toBeInstanceOf(optim.SGD);
    expect(model.forward(torch.ones(4, 2)).shape).toEqual([4, 1]);
    expect(viaUmbrella).toBeInstanceOf(nn.Linear);
    expect(destructured()).toBeInstanceOf(nn.Linear);
    const ds = new torch.utils.data.TensorDataset(torch.ones(5, 2), torch.zeros(5));
    expect(datasetSize(new torch.utils.data.DataLoader(ds, { batchSize: 2 }))).toBe(5);
  });
});
