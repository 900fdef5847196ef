/**
 * The tutorial's exercise, "Augmenting the LSTM part-of-speech tagger with character-level
 * features": a character LSTM's final hidden state c_w is concatenated to the word embedding
 * x_w. Line for line tools/parity/lstm_tagger_chars.py (the tutorial gives no code for it).
 */
import * as torch from 'torchlet';
import { asTensor, prepareSequence, type Print, pyDict, trainingData } from './tagger';

const { nn, optim } = torch;
const F = torch.nn.functional;
const { sprintf } = torch.trainer;

/** Python's repr of a list of plain strings. */
function pyList(xs: readonly string[]): string {
  return `[${xs.map((x) => `'${x}'`).join(', ')}]`;
}

export class LSTMTaggerWithChars extends nn.Module<[torch.Tensor, torch.Tensor[]]> {
  wordEmbeddings: torch.nn.Embedding;
  charEmbeddings: torch.nn.Embedding;
  charLstm: torch.nn.LSTM;
  lstm: torch.nn.LSTM;
  hidden2tag: torch.nn.Linear;

  constructor(wordEmbeddingDim: number, charEmbeddingDim: number, charHiddenDim: number, hiddenDim: number,
    vocabSize: number, charsetSize: number, tagsetSize: number) {
    super();
    this.wordEmbeddings = new nn.Embedding(vocabSize, wordEmbeddingDim);
    this.charEmbeddings = new nn.Embedding(charsetSize, charEmbeddingDim);
    // The character LSTM reads a word's characters; its final hidden state is c_w.
    this.charLstm = new nn.LSTM(charEmbeddingDim, charHiddenDim);
    // The word LSTM reads [x_w, c_w]: wordEmbeddingDim + charHiddenDim wide.
    this.lstm = new nn.LSTM(wordEmbeddingDim + charHiddenDim, hiddenDim);
    this.hidden2tag = new nn.Linear(hiddenDim, tagsetSize);
  }

  forward(sentence: torch.Tensor, wordsChars: torch.Tensor[]): torch.Tensor {
    const embeds = this.wordEmbeddings(sentence);
    const charReprs: torch.Tensor[] = [];
    for (const chars of wordsChars) {
      const charEmbeds = this.charEmbeddings(chars);
      const [, [hN]] = this.charLstm(charEmbeds.view(chars.shape[0]!, 1, -1));
      charReprs.push(hN.view(-1));
    }
    const combined = torch.cat([embeds, torch.stack(charReprs)], 1);
    const [lstmOut] = this.lstm(combined.view(sentence.shape[0]!, 1, -1));
    const tagSpace = this.hidden2tag(asTensor(lstmOut).view(sentence.shape[0]!, -1));
    const tagScores = F.logSoftmax(tagSpace, 1);
    return tagScores;
  }
}

export function lstmTaggerChars(print: Print = console.log): void {
  const wordToIx = new Map<string, number>();
  const charToIx = new Map<string, number>();
  for (const [sent] of trainingData) {
    for (const word of sent) {
      if (!wordToIx.has(word)) wordToIx.set(word, wordToIx.size);
      for (const char of word) {
        if (!charToIx.has(char)) charToIx.set(char, charToIx.size);
      }
    }
  }
  print(pyDict(charToIx));
  const tagToIx = new Map([['DET', 0], ['NN', 1], ['V', 2]]);
  const ixToTag = new Map([...tagToIx].map(([tag, ix]) => [ix, tag]));

  const WORD_EMBEDDING_DIM = 6;
  const CHAR_EMBEDDING_DIM = 3;
  const CHAR_HIDDEN_DIM = 3;
  const HIDDEN_DIM = 6;

  const model = new LSTMTaggerWithChars(WORD_EMBEDDING_DIM, CHAR_EMBEDDING_DIM, CHAR_HIDDEN_DIM, HIDDEN_DIM,
    wordToIx.size, charToIx.size, tagToIx.size);
  const lossFunction = new nn.NLLLoss();
  const optimizer = new optim.SGD(model.parameters(), { lr: 0.1 });

  const prepareChars = (sentence: readonly string[]): torch.Tensor[] =>
    sentence.map((word) => prepareSequence([...word], charToIx));

  torch.noGrad(() => {
    const inputs = prepareSequence(trainingData[0]![0], wordToIx);
    const tagScores = model(inputs, prepareChars(trainingData[0]![0]));
    print(String(tagScores));
  });

  for (let epoch = 0; epoch < 300; epoch++) {
    let totalLoss = 0.0;
    for (const [sentence, tags] of trainingData) {
      model.zeroGrad();
      const sentenceIn = prepareSequence(sentence, wordToIx);
      const targets = prepareSequence(tags, tagToIx);
      const tagScores = model(sentenceIn, prepareChars(sentence));
      const loss = lossFunction(tagScores, targets);
      loss.backward();
      optimizer.step();
      totalLoss += loss.item();
    }
    if (epoch % 100 === 99) print(sprintf('epoch %d, loss %.6f', epoch + 1, totalLoss));
  }

  torch.noGrad(() => {
    const inputs = prepareSequence(trainingData[0]![0], wordToIx);
    const tagScores = model(inputs, prepareChars(trainingData[0]![0]));
    print(String(tagScores));
    for (const [sentence] of trainingData) {
      const scores = model(prepareSequence(sentence, wordToIx), prepareChars(sentence));
      print(pyList((scores.argmax(1).tolist() as number[]).map((ix) => ixToTag.get(ix)!)));
    }
  });
}
