import * as torch from 'torchlet';
torch.manualSeed(0);
const x = torch.linspace(-Math.PI, Math.PI, 2000); const y = torch.sin(x);
const xx = x.unsqueeze(-1).pow(torch.tensor([1, 2, 3]));
const model = new torch.nn.Sequential(new torch.nn.Linear(3, 1), new torch.nn.Flatten(0, 1));
const lossFn = new torch.nn.MSELoss({ reduction: 'sum' });
const lin = model[0] as torch.nn.Linear;
for (let t = 0; t < 3; t++) {
  const yPred = model(xx);
  console.log('ypred', yPred.index('0:3').tolist(), yPred.sum().item());
  const loss = lossFn(yPred, y); console.log('loss', loss.item(), yPred.sub(y).pow(2).sum().item());
  model.zeroGrad(); loss.backward();
  console.log('gw', lin.weight.grad!.tolist(), 'gb', lin.bias!.grad!.tolist());
  const g = yPred.sub(y).mul(2); console.log('manual gw', g.unsqueeze(0).matmul(xx).tolist(), g.index(':', null).mul(xx).sum(0).tolist(), 'gb', g.sum().item());
  torch.noGrad(() => { for (const p of model.parameters()) p.sub_(p.grad!.mul(1e-6)); });
}
