/**
 * Part 1: updating the parameters by hand. Line for line the post's first listing
 * (tools/parity/tutorial_manual.py is the Python).
 */
import * as torch from 'torchlet';
import { nHidden1, numClasses, numFeatures, type Print, xDataTorch, yData, yDataTorch } from './data';

const F = torch.nn.functional;
const { accuracyScore, numpyStr, sprintf } = torch.trainer;

export function manualUpdate(print: Print = console.log): void {
  const W1 = torch.randn(numFeatures, nHidden1, { requiresGrad: true });
  const B1 = torch.randn(nHidden1, { requiresGrad: true });
  const Wout = torch.randn(nHidden1, numClasses, { requiresGrad: true });
  const Bout = torch.randn(numClasses, { requiresGrad: true });
  const learningRate = 0.01;
  const noOfEpochs = 1000;
  let predicted = torch.zeros(0);
  let trainAcc = 0;
  for (let epoch = 0; epoch < noOfEpochs; epoch++) {
    // explicitly define the forward and backward
    let z1 = torch.add(torch.matmul(xDataTorch, W1), B1);
    let Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout);
    const logSoftmax = F.logSoftmax(Zout, 1);
    const loss = F.nllLoss(logSoftmax, yDataTorch);
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
      torch.noGrad(() => {
        z1 = torch.add(torch.matmul(xDataTorch, W1), B1);
        Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout);
        predicted = torch.argmax(Zout, 1);
        trainAcc = accuracyScore(predicted, yData);
        print(sprintf('Epoch: %d, loss: %.4f, train_acc: %.3f', epoch + 1, loss.item(), trainAcc));
      });
    }
  }
  print('Finished');
  // Result
  print('Predicted :', numpyStr(predicted));
  print('Truth :', numpyStr(yData));
  print(sprintf('Accuracy : %.2f', trainAcc));
}
