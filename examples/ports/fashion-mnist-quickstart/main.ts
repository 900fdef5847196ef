/**
 * `npm run example:ports:fashion-mnist-quickstart -- [--root DIR] [--epochs N] [--seed N]`:
 * PyTorch's "Quickstart" tutorial (quickstart.py beside this file, the Python original), ported
 * line for line: FashionMNIST through torchvision's datasets and ToTensor, a DataLoader, the
 * NeuralNetwork (Flatten, then linear_relu_stack), CrossEntropyLoss and SGD, the train/test loops,
 * torch.save(model.state_dict(), "model.pth"), a new model loading it, and one prediction.
 * `--root` is the dataset root ('data': FashionMNIST is downloaded into data/FashionMNIST/raw
 * when missing); `examples/ports/data` holds small synthetic stand-in files.
 */
import * as torch from 'torchlet';
import { eachFlag, intArg, runCommand } from '../../cli-args';
import { withDatasetHint } from '../dataset-hint';
const { nn } = torch;
const { DataLoader } = torch.utils.data;
const { datasets } = torch.torchvision;
const { ToTensor } = torch.torchvision.transforms;
const { sprintf } = torch.trainer;

export type Print = (...parts: unknown[]) => void;

export interface Args {
  root: string;
  epochs: number;
  seed: bigint | null;
  /** Where model.pth is written (the tutorial's "model.pth", in the working directory). */
  modelPath: string;
}

// Define model
export class NeuralNetwork extends nn.Module {
  flatten = new nn.Flatten();
  linearReluStack = new nn.Sequential(
    new nn.Linear(28 * 28, 512),
    new nn.ReLU(),
    new nn.Linear(512, 512),
    new nn.ReLU(),
    new nn.Linear(512, 10),
  );

  forward(x: torch.Tensor): torch.Tensor {
    x = this.flatten(x);
    const logits = this.linearReluStack(x);
    return logits;
  }
}

export function main(args: Args, print: Print = console.log): void {
  if (args.seed !== null) torch.manualSeed(args.seed);

  // Download training data from open datasets.
  const trainingData = new datasets.FashionMNIST({
    root: args.root,
    train: true,
    download: true,
    transform: new ToTensor(),
  });

  // Download test data from open datasets.
  const testData = new datasets.FashionMNIST({
    root: args.root,
    train: false,
    download: true,
    transform: new ToTensor(),
  });

  const batchSize = 64;

  // Create data loaders.
  const trainDataloader = new DataLoader(trainingData, { batchSize });
  const testDataloader = new DataLoader(testData, { batchSize });

  for (const [X, y] of testDataloader) {
    // X.shape is a plain array here, and y.dtype the dtype's name: Python prints torch.Size([...]) and torch.int64.
    print(`Shape of X [N, C, H, W]: torch.Size([${X.shape.join(', ')}])`);
    print(`Shape of y: torch.Size([${y.shape.join(', ')}]) torch.${y.dtype}`);
    break;
  }

  // Get cpu, gpu or mps device for training.
  const device = torch.cuda.isAvailable()
    ? 'cuda'
    : torch.backends.mps.isAvailable()
      ? 'mps'
      : 'cpu';
  print(`Using ${device} device`);

  let model = new NeuralNetwork().to(device);
  print(String(model));

  const lossFn = new nn.CrossEntropyLoss();
  const optimizer = new torch.optim.SGD(model.parameters(), { lr: 1e-3 });

  function train(dataloader: typeof trainDataloader, model: NeuralNetwork, lossFn: torch.nn.CrossEntropyLoss, optimizer: torch.optim.SGD): void {
    const size = dataloader.dataset.length;
    model.train();
    let batch = 0;
    for (let [X, y] of dataloader) {
      [X, y] = [X.to(device), y.to(device)];

      // Compute prediction error
      const pred = model(X);
      const loss = lossFn(pred, y);

      // Backpropagation
      loss.backward();
      optimizer.step();
      optimizer.zeroGrad();

      if (batch % 100 === 0) {
        const [lossValue, current] = [loss.item(), (batch + 1) * X.size(0)]; // len(X)
        print(sprintf('loss: %7f  [%5d/%5d]', lossValue, current, size));
      }
      batch++;
    }
  }

  function test(dataloader: typeof testDataloader, model: NeuralNetwork, lossFn: torch.nn.CrossEntropyLoss): void {
    const size = dataloader.dataset.length;
    const numBatches = dataloader.length;
    model.eval();
    let [testLoss, correct] = [0, 0];
    torch.noGrad(() => {
      for (let [X, y] of dataloader) {
        [X, y] = [X.to(device), y.to(device)];
        const pred = model(X);
        testLoss += lossFn(pred, y).item();
        correct += pred.argmax(1).eq(y).type(torch.float).sum().item();
      }
    });
    testLoss /= numBatches;
    correct /= size;
    print(sprintf('Test Error: \n Accuracy: %.1f%%, Avg loss: %8f \n', 100 * correct, testLoss));
  }

  const epochs = args.epochs;
  for (let t = 0; t < epochs; t++) {
    print(`Epoch ${t + 1}\n-------------------------------`);
    train(trainDataloader, model, lossFn, optimizer);
    test(testDataloader, model, lossFn);
  }
  print('Done!');

  torch.save(model.stateDict(), args.modelPath);
  print('Saved PyTorch Model State to model.pth');

  model = new NeuralNetwork().to(device);
  model.loadStateDict(torch.load(args.modelPath, { weightsOnly: true }));

  const classes = [
    'T-shirt/top',
    'Trouser',
    'Pullover',
    'Dress',
    'Coat',
    'Sandal',
    'Shirt',
    'Sneaker',
    'Bag',
    'Ankle boot',
  ];

  model.eval();
  let x = testData.getItem(0)[0];
  const y = testData.getItem(0)[1];
  torch.noGrad(() => {
    x = x.to(device);
    const pred = model(x);
    // .item(): a JavaScript array cannot be indexed by a tensor (Python's __index__)
    const [predicted, actual] = [classes[pred.index(0).argmax(0).item()], classes[y]];
    print(`Predicted: "${predicted}", Actual: "${actual}"`);
  });
}

const USAGE = 'usage: npm run example:ports:fashion-mnist-quickstart -- [--root ROOT] [--epochs EPOCHS] [--seed SEED]';

/** quickstart.py's flags: --root, --epochs, --seed (also `--flag=value`); argparse's words on a bad command line. */
export function parseArgs(argv: readonly string[]): Args {
  const args: Args = { root: 'data', epochs: 5, seed: null, modelPath: 'model.pth' };
  eachFlag(argv, USAGE, ['--root', '--epochs', '--seed'], [], (flag, value) => {
    if (flag === '--root') args.root = value;
    else if (flag === '--epochs') args.epochs = Number(intArg(USAGE, flag, value));
    else args.seed = intArg(USAGE, flag, value);
  });
  return args;
}

if (require.main === module) {
  runCommand(process.argv.slice(2), parseArgs, (args) => withDatasetHint('FashionMNIST', 'example:ports:fashion-mnist-quickstart', () => main(args)));
}
