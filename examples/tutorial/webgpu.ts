/**
 * The tutorial on the GPU: manual.ts and auto.ts line for line, with the tensors and the model
 * moved to `device` ('webgpu' by default) and the printed values read with the async forms
 * (`await loss.itemAsync()`, `await predicted.tolistAsync()`): WebGPU reads its memory back
 * asynchronously. It runs in a browser (the playground's tutorial section with the WebGPU
 * device); on 'cpu' the same code gives the CPU tutorial's lines.
 *
 *   if (await torch.webgpu.init()) await runTutorialOn('webgpu', parseArgs(['--seed', '0']), print);
 */
import * as torch from 'torchlet';
import { ModelWithHiddenLayer } from './auto';
import type { TutorialArgs } from './cli';
import { nHidden1, numClasses, numFeatures, type Print, xDataTorch, yData, yDataTorch } from './data';

const F = torch.nn.functional;
const { nn, optim } = torch;
const { accuracyScore, numpyStr, sprintf } = torch.trainer;

/** Part 1 (manual.ts) on `device`. */
export async function manualUpdateOn(device: torch.DeviceSpec = 'webgpu', print: Print = console.log): Promise<void> {
  const inputs = xDataTorch.to(device);
  const labels = yDataTorch.to(device);
  const W1 = torch.randn(numFeatures, nHidden1, { device, requiresGrad: true });
  const B1 = torch.randn(nHidden1, { device, requiresGrad: true });
  const Wout = torch.randn(nHidden1, numClasses, { device, requiresGrad: true });
  const Bout = torch.randn(numClasses, { device, requiresGrad: true });
  const learningRate = 0.01;
  const noOfEpochs = 1000;
  let predicted: number[] = [];
  let trainAcc = 0;
  for (let epoch = 0; epoch < noOfEpochs; epoch++) {
    // explicitly define the forward and backward
    let z1 = torch.add(torch.matmul(inputs, W1), B1);
    let Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout);
    const logSoftmax = F.logSoftmax(Zout, 1);
    const loss = F.nllLoss(logSoftmax, labels);
    loss.backward();
    torch.noGrad(() => {
      W1.sub_(W1.grad!.mul(learningRate));
      B1.sub_(B1.grad!.mul(learningRate));
      Wout.sub_(Wout.grad!.mul(learningRate));
      Bout.sub_(Bout.grad!.mul(learningRate));
    });
    W1.grad!.zero_();
    B1.grad!.zero_();
    Wout.grad!.zero_();
    Bout.grad!.zero_();
    if (epoch % 200 === 199) {
      const argmax = torch.noGrad(() => {
        z1 = torch.add(torch.matmul(inputs, W1), B1);
        Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout);
        return torch.argmax(Zout, 1);
      });
      predicted = await argmax.tolistAsync() as number[];
      trainAcc = accuracyScore(predicted, yData);
      print(sprintf('Epoch: %d, loss: %.4f, train_acc: %.3f', epoch + 1, await loss.itemAsync(), trainAcc));
    }
  }
  print('Finished');
  // Result
  print('Predicted :', numpyStr(predicted));
  print('Truth :', numpyStr(yData));
  print(sprintf('Accuracy : %.2f', trainAcc));
}

/** Part 2 (auto.ts) on `device`. */
export async function automaticUpdateOn(device: torch.DeviceSpec = 'webgpu', print: Print = console.log): Promise<void> {
  const model = new ModelWithHiddenLayer(numFeatures, nHidden1, numClasses).to(device);
  const learningRate = 0.01;
  const noOfEpochs = 1000;
  // CrossEntropyLoss on the output layer gives the same result as NLLLoss on a LogSoftmax layer
  // added after it.
  const criterion = new nn.CrossEntropyLoss();
  const optimiser = new optim.SGD(model.parameters(), { lr: learningRate });
  const inputs = xDataTorch.to(device);
  const labels = yDataTorch.to(device);
  for (let epoch = 0; epoch < noOfEpochs; epoch++) { // loop over the dataset multiple times
    model.train();
    // zero the parameter gradients
    optimiser.zeroGrad();
    // forward + backward + optimize
    const outputs = model(inputs);
    const loss = criterion(outputs, labels); // no logSoftmax needed here
    loss.backward();
    optimiser.step();
    // print statistics
    if (epoch % 200 === 199) { // print every 200 epochs
      model.eval();
      const predOutputs = model(inputs);
      const predicted = torch.argmax(predOutputs, 1);
      const trainAcc = accuracyScore(await predicted.tolistAsync() as number[], yData);
      print(sprintf('%d, loss: %.4f, train_acc: %.4f', epoch + 1, await loss.itemAsync(), trainAcc));
    }
  }
  print('Finished Training');
  // Result
  const predOutputs = model(inputs);
  const [, predicted] = torch.max(predOutputs, 1);
  const predictedList = await predicted.tolistAsync() as number[];
  print('Predicted :', numpyStr(predictedList));
  print('Truth :', numpyStr(yData));
  const trainAcc = accuracyScore(predictedList, yData);
  print(sprintf('Accuracy : %.2f', trainAcc));
}

/** runTutorial (cli.ts) on `device`: the same seeding, both parts unless one is chosen. */
export async function runTutorialOn(device: torch.DeviceSpec, args: TutorialArgs, print: Print = console.log): Promise<void> {
  if (args.part !== 'auto') {
    if (args.seed !== null) torch.manualSeed(args.seed);
    await manualUpdateOn(device, print);
  }
  if (args.part !== 'manual') {
    if (args.seed !== null) torch.manualSeed(args.seed);
    await automaticUpdateOn(device, print);
  }
}
