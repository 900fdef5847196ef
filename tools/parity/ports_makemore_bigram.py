# makemore, part 1: the bigram character-level language model of Andrej Karpathy's "The
# spelled-out intro to language modeling: building makemore"
# (https://github.com/karpathy/nn-zero-to-hero, lectures/makemore/makemore_part1_bigrams.ipynb):
# the notebook's code cells that compute and print, in order (the plots and the step-by-step
# exploration cells left out): counts -> probabilities -> sampling, the negative log likelihood,
# then the neural-net version (one-hot @ W, softmax, NLL + regularisation, gradient descent) and
# sampling from it. Ported line for line in examples/ports/makemore-bigram/main.ts.
# The notebook reads names.txt (makemore's, MIT licence); this reads the names list shipped with the
# port (examples/ports/makemore-bigram/names.txt, common English given names written for it).
# Additions: --seed N (the seed of the notebook's generators, torch.Generator().manual_seed(N), in
# place of its 2147483647, which stays the default), --steps N (gradient descent steps, 100 unless
# given), --names PATH, --json PATH (the port's parity fixture: the printed lines for 3 seeds with
# --steps N, 20 in the fixture to keep the test fast, and the notebook's own run: its seed, 100 steps).
import os
import torch
import torch.nn.functional as F

NAMES = os.path.join(os.path.dirname(__file__), '..', '..', 'examples', 'ports', 'makemore-bigram', 'names.txt')


def main(print=print, seed=2147483647, steps=100, names=NAMES):
    words = open(names, 'r').read().splitlines()

    N = torch.zeros((27, 27), dtype=torch.int32)

    chars = sorted(list(set(''.join(words))))
    stoi = {s:i+1 for i,s in enumerate(chars)}
    stoi['.'] = 0
    itos = {i:s for s,i in stoi.items()}

    for w in words:
      chs = ['.'] + list(w) + ['.']
      for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        N[ix1, ix2] += 1

    P = (N+1).float()
    P /= P.sum(1, keepdims=True)

    g = torch.Generator().manual_seed(seed)

    for i in range(5):

      out = []
      ix = 0
      while True:
        p = P[ix]
        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
          break
      print(''.join(out))

    log_likelihood = 0.0
    n = 0

    for w in words:
      chs = ['.'] + list(w) + ['.']
      for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        prob = P[ix1, ix2]
        logprob = torch.log(prob)
        log_likelihood += logprob
        n += 1

    print(f'{log_likelihood=}')
    nll = -log_likelihood
    print(f'{nll=}')
    print(f'{nll/n}')

    # create the dataset
    xs, ys = [], []
    for w in words:
      chs = ['.'] + list(w) + ['.']
      for ch1, ch2 in zip(chs, chs[1:]):
        ix1 = stoi[ch1]
        ix2 = stoi[ch2]
        xs.append(ix1)
        ys.append(ix2)
    xs = torch.tensor(xs)
    ys = torch.tensor(ys)
    num = xs.nelement()
    print('number of examples: ', num)

    # initialize the 'network'
    g = torch.Generator().manual_seed(seed)
    W = torch.randn((27, 27), generator=g, requires_grad=True)

    # gradient descent
    for k in range(steps):

      # forward pass
      xenc = F.one_hot(xs, num_classes=27).float() # input to the network: one-hot encoding
      logits = xenc @ W # predict log-counts
      counts = logits.exp() # counts, equivalent to N
      probs = counts / counts.sum(1, keepdims=True) # probabilities for next character
      loss = -probs[torch.arange(num), ys].log().mean() + 0.01*(W**2).mean()
      print(loss.item())

      # backward pass
      W.grad = None # set to zero the gradient
      loss.backward()

      # update
      W.data += -50 * W.grad

    # finally, sample from the 'neural net' model
    g = torch.Generator().manual_seed(seed)

    for i in range(5):

      out = []
      ix = 0
      while True:

        # ----------
        # BEFORE:
        #p = P[ix]
        # ----------
        # NOW:
        xenc = F.one_hot(torch.tensor([ix]), num_classes=27).float()
        logits = xenc @ W # predict log-counts
        counts = logits.exp() # counts, equivalent to N
        p = counts / counts.sum(1, keepdims=True) # probabilities for next character
        # ----------

        ix = torch.multinomial(p, num_samples=1, replacement=True, generator=g).item()
        out.append(itos[ix])
        if ix == 0:
          break
      print(''.join(out))


FIXTURE_SEEDS = [2147483647, 0, 42]


if __name__ == '__main__':
    import argparse, json
    parser = argparse.ArgumentParser()
    parser.add_argument('--seed', type=int, default=2147483647)
    parser.add_argument('--steps', type=int, default=100)
    parser.add_argument('--names', default=NAMES)
    parser.add_argument('--json', metavar='PATH', default=None)
    args = parser.parse_args()
    if args.json is not None:
        outputs = []
        for seed in FIXTURE_SEEDS:
            lines = []
            main(lambda *p: lines.append(' '.join(str(x) for x in p)), seed, args.steps, args.names)
            outputs.append({'seed': seed, 'steps': args.steps, 'lines': lines})
        published = []
        main(lambda *p: published.append(' '.join(str(x) for x in p)), 2147483647, 100, args.names)
        with open(args.json, 'w') as f:
            json.dump({'torch': torch.__version__, 'outputs': outputs,
                       'published': {'seed': 2147483647, 'steps': 100, 'lines': published}}, f, indent=1)
    else:
        main(print, args.seed, args.steps, args.names)
