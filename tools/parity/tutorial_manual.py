"""Part 1 of the original tutorial ("Pytorch神经网络入门(1)参数的手动更新和自动更新"): the
manual parameter update, faithful to the post's code. Added: argument handling, and
`torch.manual_seed(N)` first when `--seed N` is given (the post is unseeded).

    /usr/bin/python3 tools/parity/tutorial_manual.py [--seed N]
"""
import argparse
import torch

parser = argparse.ArgumentParser()
parser.add_argument('--seed', type=int, default=None)
args = parser.parse_args()
if args.seed is not None:
    torch.manual_seed(args.seed)

import numpy as np
x_data = np.array( [[0, 0], [1, 0], [1, 1], [0, 0], [0, 0], [0, 1]])
x_data_torch = torch.from_numpy(x_data).float()
y_data = np.array([0,1,2,0,0,2])
y_data_torch = torch.from_numpy(y_data)
num_features = 2
num_classes = 3
n_hidden_1 = 5

import torch.nn as nn
import torch.nn.functional as F
from sklearn.metrics import accuracy_score
W1 = torch.randn(num_features, n_hidden_1, requires_grad=True)
B1 = torch.randn(n_hidden_1, requires_grad=True)
Wout = torch.randn(n_hidden_1, num_classes, requires_grad=True)
Bout = torch.randn(num_classes, requires_grad=True)
learning_rate=0.01
no_of_epochs = 1000
for epoch in range(no_of_epochs):
    #explicitly defne the forward and backward
    z1 = torch.add(torch.matmul(x_data_torch, W1), B1)
    Zout = torch.add(torch.matmul(F.relu(z1), Wout), Bout)
    log_softmax = F.log_softmax(Zout,dim=1)
    loss = F.nll_loss(log_softmax, y_data_torch)
    loss.backward()
    with torch.no_grad():
        W1.data -= learning_rate*W1.grad.data
        B1.data -= learning_rate*B1.grad.data
        Wout.data -= learning_rate*Wout.grad.data
        Bout.data -= learning_rate*Bout.grad.data
    W1.grad.data.zero_()
    B1.grad.data.zero_()
    Wout.grad.data.zero_()
    Bout.grad.data.zero_()
    if epoch % 200 == 199:
        with torch.no_grad():
            z1 = torch.add(torch.matmul(x_data_torch ,W1),B1)
            Zout = torch.add(torch.matmul(F.relu(z1) ,Wout),Bout)
            predicted = torch.argmax(Zout, 1)
            train_acc = accuracy_score(predicted.numpy(),y_data)
            print('Epoch: %d, loss: %.4f, train_acc: %.3f' %(epoch + 1, loss.item() , train_acc))
print("Finished")
# Result
print('Predicted :', predicted.numpy())
print('Truth :', y_data)
print('Accuracy : %.2f' %train_acc)
