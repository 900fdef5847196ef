/**
 * `npm run example:ports:mnist -- [flags]`: pytorch/examples' MNIST (main.py beside this file, the
 * Python original), ported line for line: Net (two convolutions, max pooling, dropout, two linear
 * layers, log_softmax), F.nll_loss, Adadelta, StepLR, torchvision's MNIST with ToTensor and
 * Normalize, and main.py's flags: --batch-size --test-batch-size --epochs --lr --gamma --no-cuda
 * --no-mps --dry-run --seed --log-interval --save-model. One flag is the port's own: --root
 * (main.py's '../data' by default; `examples/ports/data` holds small synthetic stand-in files).
 */
import * as torch from 'torchlet';
import { eachFlag, intArg, runCommand, usageError } from '../../cli-args';
import { withDatasetHint } from '../dataset-hint';
const { nn, optim } = torch;
const F = torch.nn.functional;
const { datasets, transforms } = torch.torchvision;
const { StepLR } = torch.optim.lrScheduler;
const { sprintf } = torch.trainer;

export type Print = (...parts: unknown[]) => void;

export class Net extends nn.Module {
  conv1 = new nn.Conv2d(1, 32, 3, 1);
  conv2 = new nn.Conv2d(32, 64, 3, 1);
  dropout1 = new nn.Dropout(0.25);
  dropout2 = new nn.Dropout(0.5);
  fc1 = new nn.Linear(9216, 128);
  fc2 = new nn.Linear(128, 10);

  forward(x: torch.Tensor): torch.Tensor {
    x = this.conv1(x);
    x = F.relu(x);
    x = this.conv2(x);
    x = F.relu(x);
    x = F.maxPool2d(x, 2);
    x = this.dropout1(x);
    x = torch.flatten(x, 1);
    x = this.fc1(x);
    x = F.relu(x);
    x = this.dropout2(x);
    x = this.fc2(x);
    const output = F.logSoftmax(x, { dim: 1 });
    return output;
  }
}

export interface Args {
  batchSize: number;
  testBatchSize: number;
  epochs: number;
  lr: number;
  gamma: number;
  noCuda: boolean;
  noMps: boolean;
  dryRun: boolean;
  seed: bigint;
  logInterval: number;
  saveModel: boolean;
  /** The port's own flag: the dataset root (main.py's '../data'). */
  root: string;
}

type Loader = torch.utils.data.DataLoader<[torch.Tensor, number]>;

function train(args: Args, model: Net, device: torch.Device, trainLoader: Loader, optimizer: torch.optim.Adadelta, epoch: number, print: Print): void {
  model.train();
  let batchIdx = 0;
  for (let [data, target] of trainLoader) {
    [data, target] = [data.to(device), target.to(device)];
    optimizer.zeroGrad();
    const output = model(data);
    const loss = F.nllLoss(output, target);
    loss.backward();
    optimizer.step();
    if (batchIdx % args.logInterval === 0) {
      print(sprintf('Train Epoch: %s [%s/%s (%.0f%%)]\tLoss: %.6f',
        epoch, batchIdx * data.size(0), trainLoader.dataset.length,
        100 * batchIdx / trainLoader.length, loss.item()));
      if (args.dryRun) break;
    }
    batchIdx++;
  }
}

function test(model: Net, device: torch.Device, testLoader: Loader, print: Print): void {
  model.eval();
  let testLoss = 0;
  let correct = 0;
  torch.noGrad(() => {
    for (let [data, target] of testLoader) {
      [data, target] = [data.to(device), target.to(device)];
      const output = model(data);
      testLoss += F.nllLoss(output, target, { reduction: 'sum' }).item(); // sum up batch loss
      const pred = output.argmax({ dim: 1, keepdim: true }); // get the index of the max log-probability
      correct += pred.eq(target.viewAs(pred)).sum().item();
    }
  });

  testLoss /= testLoader.dataset.length;

  print(sprintf('\nTest set: Average loss: %.4f, Accuracy: %s/%s (%.0f%%)\n',
    testLoss, correct, testLoader.dataset.length,
    100 * correct / testLoader.dataset.length));
}

export function main(args: Args, print: Print = console.log): void {
  const useCuda = !args.noCuda && torch.cuda.isAvailable();
  const useMps = !args.noMps && torch.backends.mps.isAvailable();

  torch.manualSeed(args.seed);

  let device: torch.Device;
  if (useCuda) device = torch.device('cuda');
  else if (useMps) device = torch.device('mps');
  else device = torch.device('cpu');

  type Kwargs = { batchSize: number; numWorkers?: number; pinMemory?: boolean; shuffle?: boolean };
  const trainKwargs: Kwargs = { batchSize: args.batchSize };
  const testKwargs: Kwargs = { batchSize: args.testBatchSize };
  if (useCuda) {
    const cudaKwargs = { numWorkers: 1, pinMemory: true, shuffle: true };
    Object.assign(trainKwargs, cudaKwargs);
    Object.assign(testKwargs, cudaKwargs);
  }

  const transform = new transforms.Compose([
    new transforms.ToTensor(),
    new transforms.Normalize([0.1307], [0.3081]),
  ]);
  const dataset1 = new datasets.MNIST(args.root, { train: true, download: true, transform });
  const dataset2 = new datasets.MNIST(args.root, { train: false, transform });
  const trainLoader = new torch.utils.data.DataLoader(dataset1, trainKwargs);
  const testLoader = new torch.utils.data.DataLoader(dataset2, testKwargs);

  const model = new Net().to(device);
  const optimizer = new optim.Adadelta(model.parameters(), { lr: args.lr });

  const scheduler = new StepLR(optimizer, { stepSize: 1, gamma: args.gamma });
  for (let epoch = 1; epoch < args.epochs + 1; epoch++) {
    train(args, model, device, trainLoader, optimizer, epoch, print);
    test(model, device, testLoader, print);
    scheduler.step();
  }

  if (args.saveModel) torch.save(model.stateDict(), 'mnist_cnn.pt');
}

const USAGE = 'usage: main.ts [-h] [--batch-size N] [--test-batch-size N] [--epochs N] [--lr LR] [--gamma M] [--no-cuda] [--no-mps] [--dry-run] [--seed S] [--log-interval N] [--save-model] [--root ROOT]';

/** A `float` argument as argparse's type=float takes it (Python's float(): also inf and nan). */
function floatArg(flag: string, value: string): number {
  const s = value.trim().toLowerCase().replace(/_/g, '');
  const special: Record<string, number> = { inf: Infinity, '+inf': Infinity, '-inf': -Infinity, infinity: Infinity, '+infinity': Infinity, '-infinity': -Infinity, nan: NaN, '+nan': NaN, '-nan': NaN };
  if (s in special) return special[s]!;
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s)) throw usageError(USAGE, `argument ${flag}: invalid float value: '${value}'`);
  return Number(s);
}

/** main.py's argparse flags (also `--flag=value`), with its defaults; argparse's words on a bad command line. */
export function parseArgs(argv: readonly string[]): Args {
  const args: Args = {
    batchSize: 64, testBatchSize: 1000, epochs: 14, lr: 1.0, gamma: 0.7, noCuda: false, noMps: false,
    dryRun: false, seed: 1n, logInterval: 10, saveModel: false, root: '../data',
  };
  const ints = { '--batch-size': 'batchSize', '--test-batch-size': 'testBatchSize', '--epochs': 'epochs', '--log-interval': 'logInterval' } as const;
  const switches = { '--no-cuda': 'noCuda', '--no-mps': 'noMps', '--dry-run': 'dryRun', '--save-model': 'saveModel' } as const;
  eachFlag(argv, USAGE, [...Object.keys(ints), '--lr', '--gamma', '--seed', '--root'], Object.keys(switches), (flag, value) => {
    if (flag in ints) args[ints[flag as keyof typeof ints]] = Number(intArg(USAGE, flag, value));
    else if (flag in switches) args[switches[flag as keyof typeof switches]] = true;
    else if (flag === '--lr') args.lr = floatArg(flag, value);
    else if (flag === '--gamma') args.gamma = floatArg(flag, value);
    else if (flag === '--seed') args.seed = intArg(USAGE, flag, value);
    else args.root = value;
  });
  return args;
}

if (require.main === module) {
  runCommand(process.argv.slice(2), parseArgs, (args) => withDatasetHint('MNIST', 'example:ports:mnist', () => main(args)));
}
