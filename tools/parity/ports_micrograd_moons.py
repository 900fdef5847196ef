# micrograd's demo (https://github.com/karpathy/micrograd, demo.ipynb): a 2-16-16-1 MLP learns
# sklearn's two moons with an SVM max-margin loss, L2 regularisation and SGD with a decaying
# learning rate, re-done in PyTorch: the demo's code with micrograd's Value/MLP replaced by
# torch tensors, nn.Sequential(Linear, ReLU, Linear, ReLU, Linear) (micrograd's MLP: ReLU on every
# layer but the last) and autograd. Ported line for line in examples/ports/micrograd-moons/main.ts.
# Additions: --seed N (torch.manual_seed(N) before the model is built; the data keeps the demo's
# np.random.seed(1337)), --steps N (the demo's 100 unless given), --json PATH (the port's parity
# fixture: the printed lines for seeds 0, 1, 42) and --data PATH (writes make_moons' X and y as
# JSON: examples/ports/micrograd-moons/moons.json, since scikit-learn is Python-only).
import random
import numpy as np
import torch
import torch.nn as nn


def main(print=print, seed=None, steps=100):
    np.random.seed(1337)
    random.seed(1337)
    if seed is not None:
        torch.manual_seed(seed)

    # make up a dataset
    from sklearn.datasets import make_moons, make_blobs
    X, y = make_moons(n_samples=100, noise=0.1)

    y = y*2 - 1 # make y be -1 or 1
    X = torch.tensor(X, dtype=torch.float32)
    y = torch.tensor(y, dtype=torch.float32)

    # initialize a model
    model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 16), nn.ReLU(), nn.Linear(16, 1)) # 2-layer neural network
    print(model)
    print("number of parameters", sum(p.numel() for p in model.parameters()))

    # loss function
    def loss(batch_size=None):

        # inline DataLoader :)
        if batch_size is None:
            Xb, yb = X, y
        else:
            ri = torch.randperm(X.shape[0])[:batch_size]
            Xb, yb = X[ri], y[ri]

        # forward the model to get scores
        scores = model(Xb).squeeze(1)

        # svm "max-margin" loss
        losses = (1 + -yb*scores).relu()
        data_loss = losses.mean()
        # L2 regularization
        alpha = 1e-4
        reg_loss = alpha * sum((p*p).sum() for p in model.parameters())
        total_loss = data_loss + reg_loss

        # also get accuracy
        accuracy = ((yb > 0) == (scores > 0)).float().mean()
        return total_loss, accuracy

    total_loss, acc = loss()
    print(total_loss, acc)

    # optimization
    for k in range(steps):

        # forward
        total_loss, acc = loss()

        # backward
        model.zero_grad()
        total_loss.backward()

        # update (sgd)
        learning_rate = 1.0 - 0.9*k/100
        for p in model.parameters():
            p.data -= learning_rate * p.grad

        if k % 1 == 0:
            print(f"step {k} loss {total_loss.item()}, accuracy {acc.item()*100}%")


FIXTURE_SEEDS = [0, 1, 42]


if __name__ == '__main__':
    import argparse, json
    parser = argparse.ArgumentParser()
    parser.add_argument('--seed', type=int, default=None)
    parser.add_argument('--steps', type=int, default=100)
    parser.add_argument('--json', metavar='PATH', default=None)
    parser.add_argument('--data', metavar='PATH', default=None)
    args = parser.parse_args()
    if args.data is not None:
        from sklearn.datasets import make_moons
        np.random.seed(1337)
        random.seed(1337)
        X, y = make_moons(n_samples=100, noise=0.1)
        with open(args.data, 'w') as f:
            json.dump({'source': "sklearn.datasets.make_moons(n_samples=100, noise=0.1) after np.random.seed(1337) (scikit-learn "
                       + __import__('sklearn').__version__ + ')', 'X': X.tolist(), 'y': y.tolist()}, f)
    elif args.json is not None:
        outputs = []
        for seed in FIXTURE_SEEDS:
            lines = []
            # A tensor's text spans lines: split as stdout would be.
            main(lambda *p: lines.extend(' '.join(str(x) for x in p).split('\n')), seed, args.steps)
            outputs.append({'seed': seed, 'steps': args.steps, 'lines': lines})
        with open(args.json, 'w') as f:
            json.dump({'torch': torch.__version__, 'outputs': outputs}, f, indent=1)
    else:
        main(print, args.seed, args.steps)
