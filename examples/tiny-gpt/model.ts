/**
 * A decoder-only Transformer in the shape of Andrej Karpathy's nanoGPT (model.py): token and
 * position embeddings, pre-LayerNorm blocks of causal self-attention and a 4x GELU MLP, a final
 * LayerNorm and a language-model head whose weight is the token embedding's.
 * tools/parity/tiny_gpt.py is the same model in PyTorch, line for line.
 */
import * as torch from 'torchlet';

const { nn } = torch;
const F = torch.nn.functional;

export interface GPTConfig {
  blockSize: number;
  vocabSize: number;
  nLayer: number;
  nHead: number;
  nEmbd: number;
  dropout: number;
}

/** Multi-head causal self-attention: one Linear makes q, k and v for every head at once. */
export class CausalSelfAttention extends torch.nn.Module {
  cAttn: torch.nn.Linear;
  cProj: torch.nn.Linear;
  residDropout: torch.nn.Dropout;
  readonly nHead: number;
  readonly dropout: number;

  constructor(config: GPTConfig) {
    super();
    if (config.nEmbd % config.nHead !== 0) throw new Error('nEmbd must be a multiple of nHead');
    this.cAttn = new nn.Linear(config.nEmbd, 3 * config.nEmbd);
    this.cProj = new nn.Linear(config.nEmbd, config.nEmbd);
    this.residDropout = new nn.Dropout(config.dropout);
    this.nHead = config.nHead;
    this.dropout = config.dropout;
  }

  forward(x: torch.Tensor): torch.Tensor {
    const [B, T, C] = x.shape as [number, number, number];
    const [q, k, v] = this.cAttn(x).split(C, 2) as [torch.Tensor, torch.Tensor, torch.Tensor];
    // (B, T, C) -> (B, nh, T, hs): the heads become a batch dimension.
    const heads = (t: torch.Tensor): torch.Tensor => t.view(B, T, this.nHead, C / this.nHead).transpose(1, 2);
    const y = F.scaledDotProductAttention(heads(q), heads(k), heads(v), {
      dropoutP: this.training ? this.dropout : 0, isCausal: true,
    });
    // Re-assemble the heads side by side.
    return this.residDropout(this.cProj(y.transpose(1, 2).contiguous().view(B, T, C)));
  }
}

export class MLP extends torch.nn.Module {
  cFc: torch.nn.Linear;
  gelu: torch.nn.GELU;
  cProj: torch.nn.Linear;
  dropout: torch.nn.Dropout;

  constructor(config: GPTConfig) {
    super();
    this.cFc = new nn.Linear(config.nEmbd, 4 * config.nEmbd);
    this.gelu = new nn.GELU();
    this.cProj = new nn.Linear(4 * config.nEmbd, config.nEmbd);
    this.dropout = new nn.Dropout(config.dropout);
  }

  forward(x: torch.Tensor): torch.Tensor {
    return this.dropout(this.cProj(this.gelu(this.cFc(x))));
  }
}

export class Block extends torch.nn.Module {
  ln1: torch.nn.LayerNorm;
  attn: CausalSelfAttention;
  ln2: torch.nn.LayerNorm;
  mlp: MLP;

  constructor(config: GPTConfig) {
    super();
    this.ln1 = new nn.LayerNorm(config.nEmbd);
    this.attn = new CausalSelfAttention(config);
    this.ln2 = new nn.LayerNorm(config.nEmbd);
    this.mlp = new MLP(config);
  }

  forward(x: torch.Tensor): torch.Tensor {
    x = x.add(this.attn(this.ln1(x)));
    return x.add(this.mlp(this.ln2(x)));
  }
}

export interface GenerateOptions {
  temperature?: number;
  topK?: number | null;
}

export class GPT extends torch.nn.Module<[torch.Tensor], torch.Tensor> {
  wte: torch.nn.Embedding;
  wpe: torch.nn.Embedding;
  drop: torch.nn.Dropout;
  h: torch.nn.ModuleList<Block>;
  lnF: torch.nn.LayerNorm;
  lmHead: torch.nn.Linear;
  readonly config: GPTConfig;

  constructor(config: GPTConfig) {
    super();
    this.config = config;
    this.wte = new nn.Embedding(config.vocabSize, config.nEmbd);
    this.wpe = new nn.Embedding(config.blockSize, config.nEmbd);
    this.drop = new nn.Dropout(config.dropout);
    this.h = new nn.ModuleList(Array.from({ length: config.nLayer }, () => new Block(config)));
    this.lnF = new nn.LayerNorm(config.nEmbd);
    this.lmHead = new nn.Linear(config.nEmbd, config.vocabSize, { bias: false });
    // Weight tying: the head scores each token against its own embedding (one shared Parameter).
    this.lmHead.weight = this.wte.weight;
    this.apply((m) => initWeights(m));
    // GPT-2's scaled init of the projections that feed the residual stream.
    for (const [name, p] of this.namedParameters()) {
      if (name.endsWith('cProj.weight')) nn.init.normal_(p, 0, 0.02 / Math.sqrt(2 * config.nLayer));
    }
  }

  /** Parameters counted once (the tied head is the embedding), position embeddings left out. */
  numParams(): number {
    return this.parameters().reduce((n, p) => n + p.numel(), 0) - this.wpe.weight.numel();
  }

  /** Logits (B, T, vocab) for token indices (B, T). */
  forward(idx: torch.Tensor): torch.Tensor {
    const [, t] = idx.shape as [number, number];
    if (t > this.config.blockSize) throw new Error(`Cannot forward sequence of length ${t}, block size is only ${this.config.blockSize}`);
    const pos = torch.arange(0, t, { device: idx.device });
    let x = this.drop(this.wte(idx).add(this.wpe(pos)));
    for (const block of this.h) x = block(x);
    return this.lmHead(this.lnF(x));
  }

  /**
   * AdamW with two groups, as nanoGPT's configure_optimizers: every 2-D+ tensor (matmul
   * weights, embeddings) decays; biases and LayerNorm parameters do not.
   */
  configureOptimizers(weightDecay: number, learningRate: number, betas: [number, number]): torch.optim.AdamW {
    const params = this.namedParameters().map(([, p]) => p).filter((p) => p.requiresGrad);
    const decay = params.filter((p) => p.ndim >= 2);
    const noDecay = params.filter((p) => p.ndim < 2);
    return new torch.optim.AdamW([
      { params: decay, weightDecay },
      { params: noDecay, weightDecay: 0.0 },
    ], { lr: learningRate, betas });
  }

  /**
   * Continues each row of idx (B, T) by maxNewTokens tokens, each drawn from the softmax of the
   * last position's logits / temperature, keeping only the topK most likely when given.
   */
  generate(idx: torch.Tensor, maxNewTokens: number, opts: GenerateOptions = {}): torch.Tensor {
    const temperature = opts.temperature ?? 1.0, topK = opts.topK ?? null;
    return torch.noGrad(() => {
      for (let i = 0; i < maxNewTokens; i++) {
        const t = idx.shape[1]!;
        const idxCond = t <= this.config.blockSize ? idx : idx.index(`:, ${t - this.config.blockSize}:`);
        let logits = this(idxCond).index(':, -1, :').div(temperature);
        if (topK !== null) {
          const { values } = torch.topk(logits, Math.min(topK, logits.shape[1]!));
          logits = logits.maskedFill(logits.lt(values.index(':, -1:')), -Infinity);
        }
        const probs = F.softmax(logits, -1);
        const idxNext = torch.multinomial(probs, 1);
        idx = torch.cat([idx, idxNext], 1);
      }
      return idx;
    });
  }
}

/** nanoGPT's _init_weights: N(0, 0.02) for Linear and Embedding weights, zero biases. */
function initWeights(m: torch.nn.AnyModule): void {
  if (m instanceof nn.Linear) {
    nn.init.normal_(m.weight, 0.0, 0.02);
    if (m.bias !== null) nn.init.zeros_(m.bias);
  } else if (m instanceof nn.Embedding) {
    nn.init.normal_(m.weight, 0.0, 0.02);
  }
}
