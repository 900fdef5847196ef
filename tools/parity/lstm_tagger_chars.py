"""The exercise of PyTorch's tutorial "Sequence Models and Long Short-Term Memory Networks":
"Augmenting the LSTM part-of-speech tagger with character-level features". The tutorial gives no
code; this is a direct solution in the tutorial's style (its data, tags and loop): each word's
characters run through a character LSTM, whose final hidden state c_w is concatenated to the word
embedding x_w as the input of the word LSTM. With `--seed N`, `torch.manual_seed(N)` first.
The port is examples/lstm-tagger/chars.ts.

    /usr/bin/python3 tools/parity/lstm_tagger_chars.py [--seed N]
"""
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--seed', type=int, default=None)
args = parser.parse_args()
if args.seed is not None:
    torch.manual_seed(args.seed)

import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim


def prepare_sequence(seq, to_ix):
    idxs = [to_ix[w] for w in seq]
    return torch.tensor(idxs, dtype=torch.long)


training_data = [
    ("The dog ate the apple".split(), ["DET", "NN", "V", "DET", "NN"]),
    ("Everybody read that book".split(), ["NN", "V", "DET", "NN"])
]
word_to_ix = {}
char_to_ix = {}
for sent, tags in training_data:
    for word in sent:
        if word not in word_to_ix:
            word_to_ix[word] = len(word_to_ix)
        for char in word:
            if char not in char_to_ix:
                char_to_ix[char] = len(char_to_ix)
print(char_to_ix)
tag_to_ix = {"DET": 0, "NN": 1, "V": 2}
ix_to_tag = {ix: tag for tag, ix in tag_to_ix.items()}

WORD_EMBEDDING_DIM = 6
CHAR_EMBEDDING_DIM = 3
CHAR_HIDDEN_DIM = 3
HIDDEN_DIM = 6


class LSTMTaggerWithChars(nn.Module):

    def __init__(self, word_embedding_dim, char_embedding_dim, char_hidden_dim, hidden_dim,
                 vocab_size, charset_size, tagset_size):
        super(LSTMTaggerWithChars, self).__init__()
        self.word_embeddings = nn.Embedding(vocab_size, word_embedding_dim)
        self.char_embeddings = nn.Embedding(charset_size, char_embedding_dim)
        # The character LSTM reads a word's characters; its final hidden state is c_w.
        self.char_lstm = nn.LSTM(char_embedding_dim, char_hidden_dim)
        # The word LSTM reads [x_w, c_w]: word_embedding_dim + char_hidden_dim wide.
        self.lstm = nn.LSTM(word_embedding_dim + char_hidden_dim, hidden_dim)
        self.hidden2tag = nn.Linear(hidden_dim, tagset_size)

    def forward(self, sentence, words_chars):
        embeds = self.word_embeddings(sentence)
        char_reprs = []
        for chars in words_chars:
            char_embeds = self.char_embeddings(chars)
            _, (h_n, _) = self.char_lstm(char_embeds.view(len(chars), 1, -1))
            char_reprs.append(h_n.view(-1))
        combined = torch.cat([embeds, torch.stack(char_reprs)], dim=1)
        lstm_out, _ = self.lstm(combined.view(len(sentence), 1, -1))
        tag_space = self.hidden2tag(lstm_out.view(len(sentence), -1))
        tag_scores = F.log_softmax(tag_space, dim=1)
        return tag_scores


model = LSTMTaggerWithChars(WORD_EMBEDDING_DIM, CHAR_EMBEDDING_DIM, CHAR_HIDDEN_DIM, HIDDEN_DIM,
                            len(word_to_ix), len(char_to_ix), len(tag_to_ix))
loss_function = nn.NLLLoss()
optimizer = optim.SGD(model.parameters(), lr=0.1)


def prepare_chars(sentence):
    return [prepare_sequence(word, char_to_ix) for word in sentence]


with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs, prepare_chars(training_data[0][0]))
    print(tag_scores)

for epoch in range(300):
    total_loss = 0.0
    for sentence, tags in training_data:
        model.zero_grad()
        sentence_in = prepare_sequence(sentence, word_to_ix)
        targets = prepare_sequence(tags, tag_to_ix)
        tag_scores = model(sentence_in, prepare_chars(sentence))
        loss = loss_function(tag_scores, targets)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    if epoch % 100 == 99:
        print('epoch %d, loss %.6f' % (epoch + 1, total_loss))

with torch.no_grad():
    inputs = prepare_sequence(training_data[0][0], word_to_ix)
    tag_scores = model(inputs, prepare_chars(training_data[0][0]))
    print(tag_scores)
    for sentence, _ in training_data:
        scores = model(prepare_sequence(sentence, word_to_ix), prepare_chars(sentence))
        print([ix_to_tag[ix] for ix in scores.argmax(dim=1).tolist()])
