/**
 * `npm run example:ports:micrograd-moons -- [--seed N] [--steps N]`: micrograd's demo
 * (https://github.com/karpathy/micrograd, demo.ipynb) re-done in PyTorch: a 2-16-16-1 MLP learns
 * the two moons with an SVM max-margin loss, L2 regularisation and SGD with a decaying learning
 * rate. Ported line for line from tools/parity/ports_micrograd_moons.py; with --seed N it starts
 * with torch.manualSeed(N) and prints what the Python prints with real PyTorch 1.13.
 */
import * as torch from 'torchlet';
import { nn } from 'torchlet';
import { makeMoons } from './data';
import { eachFlag, intArg, runCommand } from '../../cli-args';

export type Print = (...parts: unknown[]) => void;

export function main(print: Print = console.log, seed: bigint | null = null, steps = 100): void {
  // The data is the demo's (np.random.seed(1337), random.seed(1337)): see data.ts.
  if (seed !== null) torch.manualSeed(seed);

  // make up a dataset
  const [X0, y0] = makeMoons({ nSamples: 100, noise: 0.1 });

  const y1 = y0.map((v) => v * 2 - 1); // make y be -1 or 1
  const X = torch.tensor(X0, { dtype: torch.float32 });
  const y = torch.tensor(y1, { dtype: torch.float32 });

  // initialize a model
  const model = new nn.Sequential(new nn.Linear(2, 16), new nn.ReLU(), new nn.Linear(16, 16), new nn.ReLU(), new nn.Linear(16, 1)); // 2-layer neural network
  print(String(model));
  print('number of parameters', model.parameters().reduce((n, p) => n + p.numel(), 0));

  // loss function
  const loss = (batchSize: number | null = null): [torch.Tensor, torch.Tensor] => {
    // inline DataLoader :)
    let Xb: torch.Tensor, yb: torch.Tensor;
    if (batchSize === null) {
      [Xb, yb] = [X, y];
    } else {
      const ri = torch.randperm(X.shape[0]!).index(`:${batchSize}`);
      [Xb, yb] = [X.index(ri), y.index(ri)];
    }

    // forward the model to get scores
    const scores = model(Xb).squeeze(1);

    // svm "max-margin" loss
    const losses = yb.neg().mul(scores).add(1).relu();
    const dataLoss = losses.mean();
    // L2 regularization
    const alpha = 1e-4;
    const regLoss = model.parameters().map((p) => p.mul(p).sum()).reduce((s, t) => s.add(t)).mul(alpha);
    const totalLoss = dataLoss.add(regLoss);

    // also get accuracy
    const accuracy = yb.gt(0).eq(scores.gt(0)).float().mean();
    return [totalLoss, accuracy];
  };

  let [totalLoss, acc] = loss();
  print(String(totalLoss), String(acc));

  // optimization
  for (let k = 0; k < steps; k++) {
    // forward
    [totalLoss, acc] = loss();

    // backward
    model.zeroGrad();
    totalLoss.backward();

    // update (sgd)
    const learningRate = 1.0 - (0.9 * k) / 100;
    for (const p of model.parameters()) p.data.sub_(p.grad!.mul(learningRate));

    if (k % 1 === 0) print(`step ${k} loss ${totalLoss.item()}, accuracy ${acc.item() * 100}%`);
  }
}

const USAGE = 'usage: npm run example:ports:micrograd-moons -- [--seed SEED] [--steps STEPS]';

/** Parses `--seed N` and `--steps N` (also `--flag=N`); argparse's words on a bad command line. */
export function parseArgs(argv: readonly string[]): { seed: bigint | null; steps: number } {
  const args = { seed: null as bigint | null, steps: 100 };
  eachFlag(argv, USAGE, ['--seed', '--steps'], [], (flag, value) => {
    const n = intArg(USAGE, flag, value);
    if (flag === '--seed') args.seed = n;
    else args.steps = Number(n);
  });
  return args;
}

if (require.main === module) runCommand(process.argv.slice(2), parseArgs, (args) => main(console.log, args.seed, args.steps));
