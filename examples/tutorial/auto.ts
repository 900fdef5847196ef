/**
 * Part 2: updating the parameters automatically with nn.Module, CrossEntropyLoss and SGD. Line
 * for line the post's second listing (tools/parity/tutorial_auto.py is the Python).
 */
import * as torch from 'torchlet';
import { nHidden1, numClasses, numFeatures, type Print, xDataTorch, yData, yDataTorch } from './data';

const { nn, optim } = torch;
const F = torch.nn.functional;
const { accuracyScore, numpyStr, sprintf } = torch.trainer;

export class ModelWithHiddenLayer extends nn.Module {
  linear1: torch.nn.Linear;
  linear2: torch.nn.Linear;

  constructor(inputSize: number, hiddenSize: number, outputSize: number) {
    super();
    this.linear1 = new nn.Linear(inputSize, hiddenSize);
    this.linear2 = new nn.Linear(hiddenSize, outputSize);
  }

  forward(x: torch.Tensor): torch.Tensor {
    const z1 = this.linear1(x);
    const Zout = this.linear2(F.relu(z1));
    return Zout;
  }
}

export function automaticUpdate(print: Print = console.log): void {
  const model = new ModelWithHiddenLayer(numFeatures, nHidden1, numClasses);
  const learningRate = 0.01;
  const noOfEpochs = 1000;
  // CrossEntropyLoss on the output layer gives the same result as NLLLoss on a LogSoftmax layer
  // added after it.
  const criterion = new nn.CrossEntropyLoss();
  const optimiser = new optim.SGD(model.parameters(), { lr: learningRate });
  const inputs = xDataTorch;
  const labels = yDataTorch;
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
      const trainAcc = accuracyScore(predicted, yData);
      print(sprintf('%d, loss: %.4f, train_acc: %.4f', epoch + 1, loss.item(), trainAcc));
    }
  }
  print('Finished Training');
  // Result
  const predOutputs = model(inputs);
  const [, predicted] = torch.max(predOutputs, 1);
  print('Predicted :', numpyStr(predicted));
  print('Truth :', numpyStr(yData));
  const trainAcc = accuracyScore(predicted, yData);
  print(sprintf('Accuracy : %.2f', trainAcc));
}
