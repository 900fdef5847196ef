"""The Python original of examples/tiny-gpt: a character-level GPT in nanoGPT's shape (model.py
and train.py, reduced to one process), trained on examples/tiny-gpt/data/, then sampled. The
TypeScript example is this program line for line; with the same flags both print the same lines.

    /usr/bin/python3 tools/parity/tiny_gpt.py [--seed N] [--steps N] [--max-iters N] [--sample N]
                                              [--temperature T] [--top-k K|none] [--threads N]

PyTorch 1.13 has no F.scaled_dot_product_attention, so attention is nanoGPT's own fallback
(masked_fill of the upper triangle with -inf): the same numbers as the TypeScript's
F.scaledDotProductAttention(q, k, v, {isCausal: true}), which adds -inf there.
"""
import argparse
import math
import os
import time

import torch
import torch.nn as nn
from torch.nn import functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
TEXT_PATH = os.path.join(HERE, '..', '..', 'examples', 'tiny-gpt', 'data', 'devils-dictionary-a-d.txt')

# The TypeScript's DEFAULT_CONFIG (examples/tiny-gpt/train.ts).
DEFAULT_CONFIG = dict(
    batch_size=8, block_size=32, n_layer=2, n_head=4, n_embd=64, dropout=0.0,
    learning_rate=3e-3, min_lr=3e-4, warmup_iters=50, lr_decay_iters=1000, max_iters=1000,
    weight_decay=0.1, beta1=0.9, beta2=0.99, grad_clip=1.0,
    eval_interval=100, eval_iters=10, log_interval=20,
)


# ---- data (examples/tiny-gpt/data.ts) ----

def load_chars(path=TEXT_PATH):
    with open(path, encoding='utf-8') as f:
        text = f.read()
    chars = sorted(set(text))
    stoi = {c: i for i, c in enumerate(chars)}
    encode = lambda s: [stoi[c] for c in s]
    decode = lambda ids: ''.join(chars[i] for i in ids)
    data = torch.tensor(encode(text), dtype=torch.long)
    n = int(0.9 * len(data))
    return dict(text=text, chars=chars, train=data[:n], val=data[n:], encode=encode, decode=decode)


def get_batch(data, batch_size, block_size):
    ix = torch.randint(len(data) - block_size, (batch_size,)).tolist()
    x = torch.stack([data[i:i + block_size] for i in ix])
    y = torch.stack([data[i + 1:i + 1 + block_size] for i in ix])
    return x, y


# ---- model (examples/tiny-gpt/model.ts) ----

class CausalSelfAttention(nn.Module):
    def __init__(self, config):
        super().__init__()
        assert config['n_embd'] % config['n_head'] == 0
        self.c_attn = nn.Linear(config['n_embd'], 3 * config['n_embd'])
        self.c_proj = nn.Linear(config['n_embd'], config['n_embd'])
        self.resid_dropout = nn.Dropout(config['dropout'])
        self.n_head = config['n_head']
        self.dropout = config['dropout']
        self.attn_dropout = nn.Dropout(config['dropout'])
        bs = config['block_size']
        self.register_buffer('bias', torch.tril(torch.ones(bs, bs)).view(1, 1, bs, bs), persistent=False)

    def forward(self, x):
        B, T, C = x.size()
        q, k, v = self.c_attn(x).split(C, dim=2)
        heads = lambda t: t.view(B, T, self.n_head, C // self.n_head).transpose(1, 2)
        q, k, v = heads(q), heads(k), heads(v)
        att = (q @ k.transpose(-2, -1)) * (1.0 / math.sqrt(k.size(-1)))
        att = att.masked_fill(self.bias[:, :, :T, :T] == 0, float('-inf'))
        att = F.softmax(att, dim=-1)
        att = self.attn_dropout(att)
        y = att @ v
        return self.resid_dropout(self.c_proj(y.transpose(1, 2).contiguous().view(B, T, C)))


class MLP(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.c_fc = nn.Linear(config['n_embd'], 4 * config['n_embd'])
        self.gelu = nn.GELU()
        self.c_proj = nn.Linear(4 * config['n_embd'], config['n_embd'])
        self.dropout = nn.Dropout(config['dropout'])

    def forward(self, x):
        return self.dropout(self.c_proj(self.gelu(self.c_fc(x))))


class Block(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.ln_1 = nn.LayerNorm(config['n_embd'])
        self.attn = CausalSelfAttention(config)
        self.ln_2 = nn.LayerNorm(config['n_embd'])
        self.mlp = MLP(config)

    def forward(self, x):
        x = x + self.attn(self.ln_1(x))
        return x + self.mlp(self.ln_2(x))


class GPT(nn.Module):
    def __init__(self, config):
        super().__init__()
        self.config = config
        self.wte = nn.Embedding(config['vocab_size'], config['n_embd'])
        self.wpe = nn.Embedding(config['block_size'], config['n_embd'])
        self.drop = nn.Dropout(config['dropout'])
        self.h = nn.ModuleList([Block(config) for _ in range(config['n_layer'])])
        self.ln_f = nn.LayerNorm(config['n_embd'])
        self.lm_head = nn.Linear(config['n_embd'], config['vocab_size'], bias=False)
        self.lm_head.weight = self.wte.weight
        self.apply(init_weights)
        for pn, p in self.named_parameters():
            if pn.endswith('c_proj.weight'):
                torch.nn.init.normal_(p, mean=0.0, std=0.02 / math.sqrt(2 * config['n_layer']))

    def num_params(self):
        return sum(p.numel() for p in self.parameters()) - self.wpe.weight.numel()

    def forward(self, idx):
        b, t = idx.size()
        assert t <= self.config['block_size'], f"Cannot forward sequence of length {t}, block size is only {self.config['block_size']}"
        pos = torch.arange(0, t, dtype=torch.long, device=idx.device)
        x = self.drop(self.wte(idx) + self.wpe(pos))
        for block in self.h:
            x = block(x)
        return self.lm_head(self.ln_f(x))

    def configure_optimizers(self, weight_decay, learning_rate, betas):
        params = [p for pn, p in self.named_parameters() if p.requires_grad]
        decay = [p for p in params if p.dim() >= 2]
        no_decay = [p for p in params if p.dim() < 2]
        return torch.optim.AdamW([
            {'params': decay, 'weight_decay': weight_decay},
            {'params': no_decay, 'weight_decay': 0.0},
        ], lr=learning_rate, betas=betas)

    @torch.no_grad()
    def generate(self, idx, max_new_tokens, temperature=1.0, top_k=None):
        for _ in range(max_new_tokens):
            t = idx.size(1)
            idx_cond = idx if t <= self.config['block_size'] else idx[:, t - self.config['block_size']:]
            logits = self(idx_cond)[:, -1, :] / temperature
            if top_k is not None:
                v, _ = torch.topk(logits, min(top_k, logits.size(-1)))
                logits = logits.masked_fill(logits < v[:, -1:], -float('Inf'))
            probs = F.softmax(logits, dim=-1)
            idx_next = torch.multinomial(probs, num_samples=1)
            idx = torch.cat((idx, idx_next), dim=1)
        return idx


def init_weights(m):
    if isinstance(m, nn.Linear):
        torch.nn.init.normal_(m.weight, mean=0.0, std=0.02)
        if m.bias is not None:
            torch.nn.init.zeros_(m.bias)
    elif isinstance(m, nn.Embedding):
        torch.nn.init.normal_(m.weight, mean=0.0, std=0.02)


# ---- training (examples/tiny-gpt/train.ts) ----

def get_lr(it, c):
    if it < c['warmup_iters']:
        return c['learning_rate'] * (it + 1) / (c['warmup_iters'] + 1)
    if it > c['lr_decay_iters']:
        return c['min_lr']
    decay_ratio = (it - c['warmup_iters']) / (c['lr_decay_iters'] - c['warmup_iters'])
    coeff = 0.5 * (1.0 + math.cos(math.pi * decay_ratio))
    return c['min_lr'] + coeff * (c['learning_rate'] - c['min_lr'])


def loss_of(logits, targets):
    return F.cross_entropy(logits.view(-1, logits.size(2)), targets.view(-1))


def estimate_loss(model, data, c):
    model.eval()
    out = {}
    with torch.no_grad():
        for split in ('train', 'val'):
            losses = []
            for _ in range(c['eval_iters']):
                x, y = get_batch(data[split], c['batch_size'], c['block_size'])
                losses.append(loss_of(model(x), y).item())
            out[split] = torch.tensor(losses).mean().item()
    model.train()
    return out


def train(data, c, stop_after=None, print=print):
    last = min(c['max_iters'], c['max_iters'] if stop_after is None else stop_after)
    model_config = dict(block_size=c['block_size'], vocab_size=len(data['chars']), n_layer=c['n_layer'],
                        n_head=c['n_head'], n_embd=c['n_embd'], dropout=c['dropout'])
    model = GPT(model_config)
    print(f'number of parameters: {model.num_params() / 1e6:.2f}M')
    optimizer = model.configure_optimizers(c['weight_decay'], c['learning_rate'], (c['beta1'], c['beta2']))
    x, y = get_batch(data['train'], c['batch_size'], c['block_size'])
    for it in range(last + 1):
        lr = get_lr(it, c)
        for group in optimizer.param_groups:
            group['lr'] = lr
        if it % c['eval_interval'] == 0 or it == c['max_iters']:
            losses = estimate_loss(model, data, c)
            print(f"step {it}: train loss {losses['train']:.4f}, val loss {losses['val']:.4f}")
        if it == last:
            break
        loss = loss_of(model(x), y)
        x, y = get_batch(data['train'], c['batch_size'], c['block_size'])
        loss.backward()
        if c['grad_clip'] != 0:
            torch.nn.utils.clip_grad_norm_(model.parameters(), c['grad_clip'])
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
        if it % c['log_interval'] == 0:
            print(f'iter {it}: loss {loss.item():.4f}')
    return model.eval()


def sample(model, data, length, temperature, top_k):
    start = torch.tensor([data['encode']('\n')], dtype=torch.long)
    out = model.generate(start, length, temperature=temperature, top_k=top_k)
    return data['decode'](out[0].tolist())


def main():
    p = argparse.ArgumentParser()
    p.add_argument('--seed', type=int, default=0)
    p.add_argument('--steps', type=int, default=None)
    p.add_argument('--max-iters', type=int, default=DEFAULT_CONFIG['max_iters'])
    p.add_argument('--sample', type=int, default=500)
    p.add_argument('--temperature', type=float, default=0.8)
    p.add_argument('--top-k', default='none')
    p.add_argument('--threads', type=int, default=None)
    a = p.parse_args()
    if a.threads is not None:
        torch.set_num_threads(a.threads)
    top_k = None if a.top_k == 'none' else int(a.top_k)
    data = load_chars()
    config = dict(DEFAULT_CONFIG, max_iters=a.max_iters, lr_decay_iters=a.max_iters)
    print(f"{len(data['text'])} characters, vocabulary of {len(data['chars'])}; torch {torch.__version__}")
    torch.manual_seed(a.seed)
    t0 = time.perf_counter()
    model = train(data, config, stop_after=a.steps)
    print(f'trained in {time.perf_counter() - t0:.1f} s')
    if a.sample > 0:
        print(f"--- sample ({a.sample} characters, temperature {a.temperature:g}, top-k {'none' if top_k is None else top_k}) ---")
        print(sample(model, data, a.sample, a.temperature, top_k))


if __name__ == '__main__':
    main()
