/**
 * What the browser test runs both in Chromium and in Node, to compare: a few SGD steps of a small
 * classifier on one backend (sizes above 'auto''s thresholds, so its WebAssembly kernels run),
 * then the model's state through torch.save/torch.load bytes and safetensors bytes, each also
 * through a Blob; and the trainer's fit() over a shuffling DataLoader (its Node-only parts must
 * stay unreached). Returns plain numbers (JSON), float32 values as they are.
 */
import * as torch from 'torchlet';

export interface ScenarioResult {
  backend: string;
  losses: number[];
  /** The trained model's outputs on a fixed input (first 16 values). */
  outputs: number[];
  torchSaveBytes: number;
  safetensorsBytes: number;
  /** Whether the models rebuilt from each byte form give exactly the trained model's outputs. */
  reloaded: { torchLoad: boolean; torchLoadBlob: boolean; safetensors: boolean; safetensorsBlob: boolean };
}

function net(): torch.nn.Sequential {
  return new torch.nn.Sequential(new torch.nn.Linear(64, 128), new torch.nn.Tanh(), new torch.nn.Linear(128, 4));
}

function same(a: torch.Tensor, b: torch.Tensor): boolean {
  const x = a.toTypedArray(), y = b.toTypedArray();
  return x.length === y.length && x.every((v, i) => Object.is(v, y[i]));
}

export async function runScenario(backend: string): Promise<ScenarioResult> {
  torch.setBackend(backend);
  torch.manualSeed(0);
  const model = net();
  const x = torch.randn(128, 64);
  const y = torch.randint(0, 4, [128]);
  const lossFn = new torch.nn.CrossEntropyLoss();
  const opt = new torch.optim.SGD(model.parameters(), { lr: 0.1, momentum: 0.9 });
  const losses: number[] = [];
  for (let step = 0; step < 5; step++) {
    opt.zeroGrad();
    const loss = lossFn.forward(model.forward(x), y);
    loss.backward();
    opt.step();
    losses.push(loss.item());
  }
  const out = torch.noGrad(() => model.forward(x));

  const reload = (sd: unknown): boolean => {
    torch.manualSeed(1);
    const other = net();
    other.loadStateDict(sd as Record<string, torch.Tensor>);
    return same(torch.noGrad(() => other.forward(x)), out);
  };
  const ptBytes = torch.save(model.stateDict());
  const stBytes = torch.nn.save(model.stateDict());
  const reloaded = {
    torchLoad: reload(torch.load(ptBytes)),
    torchLoadBlob: reload(torch.load(await new Blob([ptBytes]).arrayBuffer())),
    safetensors: reload(torch.nn.load(stBytes)),
    safetensorsBlob: reload(torch.nn.load(await new Blob([stBytes]).arrayBuffer())),
  };
  return {
    backend,
    losses,
    outputs: Array.from(out.toTypedArray().subarray(0, 16)),
    torchSaveBytes: ptBytes.length,
    safetensorsBytes: stBytes.length,
    reloaded,
  };
}

/** Two epochs of trainer.fit on 'auto' with a validation loader and accuracy: the History, as JSON. */
export async function runFit(): Promise<unknown> {
  torch.setBackend('auto');
  torch.manualSeed(0);
  const x = torch.randn(96, 8);
  const y = x.narrow(1, 0, 1).squeeze(1).gt(0).to('int32');
  const data = new torch.trainer.TensorDataset(x, y);
  const model = new torch.nn.Sequential(new torch.nn.Linear(8, 16), new torch.nn.ReLU(), new torch.nn.Linear(16, 2));
  const history = await torch.trainer.fit({
    model,
    optimizer: new torch.optim.Adam(model.parameters(), { lr: 0.01 }),
    lossFn: (out, target) => new torch.nn.CrossEntropyLoss().forward(out, target),
    trainLoader: new torch.trainer.DataLoader(data, { batchSize: 16, shuffle: true }),
    valLoader: new torch.trainer.DataLoader(data, { batchSize: 32 }),
    metrics: { accuracy: torch.trainer.accuracyMetric() },
    epochs: 2,
    progress: 'none',
  });
  return JSON.parse(JSON.stringify(history)) as unknown;
}
