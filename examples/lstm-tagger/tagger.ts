/**
 * The LSTM part-of-speech tagger of PyTorch's tutorial "Sequence Models and Long Short-Term
 * Memory Networks", line for line (tools/parity/lstm_tagger.py is the Python).
 */
import * as torch from 'torchlet';

const { nn, optim } = torch;
const F = torch.nn.functional;

/** Prints one line, as Python's print (the test collects the lines instead). */
export type Print = (...parts: string[]) => void;

/** Python's repr of a str -> int dict, as print(word_to_ix) shows it (plain words only). */
export function pyDict(d: ReadonlyMap<string, number>): string {
  return `{${[...d].map(([k, v]) => `'${k}': ${v}`).join(', ')}}`;
}

export function prepareSequence(seq: readonly string[], toIx: ReadonlyMap<string, number>): torch.Tensor {
  const idxs = seq.map((w) => toIx.get(w)!);
  return torch.tensor(idxs, { dtype: 'int32' }); // int32 stands in for torch.long
}

export const trainingData: [string[], string[]][] = [
  // Tags are: DET - determiner; NN - noun; V - verb
  // For example, the word "The" is a determiner
  ['The dog ate the apple'.split(' '), ['DET', 'NN', 'V', 'DET', 'NN']],
  ['Everybody read that book'.split(' '), ['NN', 'V', 'DET', 'NN']],
];

/** An LSTM's output is a PackedSequence only for packed input; these sentences are tensors. */
export function asTensor(x: torch.Tensor | torch.nn.utils.rnn.PackedSequence): torch.Tensor {
  if (!(x instanceof torch.Tensor)) throw new TypeError('expected a Tensor, got a PackedSequence');
  return x;
}

export class LSTMTagger extends nn.Module {
  hiddenDim: number;
  wordEmbeddings: torch.nn.Embedding;
  lstm: torch.nn.LSTM;
  hidden2tag: torch.nn.Linear;

  constructor(embeddingDim: number, hiddenDim: number, vocabSize: number, tagsetSize: number) {
    super();
    this.hiddenDim = hiddenDim;

    this.wordEmbeddings = new nn.Embedding(vocabSize, embeddingDim);

    // The LSTM takes word embeddings as inputs, and outputs hidden states
    // with dimensionality hiddenDim.
    this.lstm = new nn.LSTM(embeddingDim, hiddenDim);

    // The linear layer that maps from hidden state space to tag space
    this.hidden2tag = new nn.Linear(hiddenDim, tagsetSize);
  }

  forward(sentence: torch.Tensor): torch.Tensor {
    const embeds = this.wordEmbeddings(sentence);
    const [lstmOut] = this.lstm(embeds.view(sentence.shape[0]!, 1, -1));
    const tagSpace = this.hidden2tag(asTensor(lstmOut).view(sentence.shape[0]!, -1));
    const tagScores = F.logSoftmax(tagSpace, 1);
    return tagScores;
  }
}

/** The tutorial's tagger section: prints word_to_ix, the tag scores before and after training. */
export function lstmTagger(print: Print = console.log): void {
  const wordToIx = new Map<string, number>();
  // For each words-list (sentence) and tags-list in each tuple of trainingData
  for (const [sent] of trainingData) {
    for (const word of sent) {
      if (!wordToIx.has(word)) { // word has not been assigned an index yet
        wordToIx.set(word, wordToIx.size); // Assign each word with a unique index
      }
    }
  }
  print(pyDict(wordToIx));
  const tagToIx = new Map([['DET', 0], ['NN', 1], ['V', 2]]); // Assign each tag with a unique index

  // These will usually be more like 32 or 64 dimensional.
  // We will keep them small, so we can see how the weights change as we train.
  const EMBEDDING_DIM = 6;
  const HIDDEN_DIM = 6;

  const model = new LSTMTagger(EMBEDDING_DIM, HIDDEN_DIM, wordToIx.size, tagToIx.size);
  const lossFunction = new nn.NLLLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

  // See what the scores are before training
  // Note that element i,j of the output is the score for tag j for word i.
  // Here we don't need to train, so the code is wrapped in torch.noGrad()
  torch.noGrad(() => {
    const inputs = prepareSequence(trainingData[0]![0], wordToIx);
    const tagScores = model(inputs);
    print(String(tagScores));
  });

  for (let epoch = 0; epoch < 300; epoch++) { // again, normally you would NOT do 300 epochs, it is toy data
    for (const [sentence, tags] of trainingData) {
      // Step 1. Remember that torchlet, like PyTorch, accumulates gradients.
      // We need to clear them out before each instance
      model.zeroGrad();

      // Step 2. Get our inputs ready for the network, that is, turn them into
      // Tensors of word indices.
      const sentenceIn = prepareSequence(sentence, wordToIx);
      const targets = prepareSequence(tags, tagToIx);

      // Step 3. Run our forward pass.
      const tagScores = model(sentenceIn);

      // Step 4. Compute the loss, gradients, and update the parameters by
      //  calling optimizer.step()
      const loss = lossFunction(tagScores, targets);
      loss.backward();
      optimizer.step();
    }
  }

  // See what the scores are after training
  torch.noGrad(() => {
    const inputs = prepareSequence(trainingData[0]![0], wordToIx);
    const tagScores = model(inputs);

    // The sentence is "the dog ate the apple".  i,j corresponds to score for tag j
    // for word i. The predicted tag is the maximum scoring tag.
    // Here, we have predicted "The" as 0 1 2 0 1
    // since 0 is 0 and 1 is 1 ...
    print(String(tagScores));
  });
}
