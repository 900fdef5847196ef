"""Part 2 of the original tutorial ("Pytorch神经网络入门(1)参数的手动更新和自动更新"): the
automatic update with nn.Module, CrossEntropyLoss and SGD, faithful to the post's code (with
the data set-up of part 1). Added: argument handling, and `torch.manual_seed(N)` first when
`--seed N` is given (the post is unseeded).

    /usr/bin/python3 tools/parity/tutorial_auto.py [--seed N]
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
import torch.optim as optim
from sklearn.metrics import accuracy_score
class ModelWithHiddenLayer(nn.Module):
    def __init__(self, input_size, hidden_size, output_size):
        super(ModelWithHiddenLayer, self).__init__()
        self.linear1 = nn.Linear(input_size, hidden_size)
        self.linear2 = nn.Linear(hidden_size, output_size)
    def forward(self, x):
        z1 = self.linear1(x)
        Zout = self.linear2(F.relu(z1))
        return Zout
model = ModelWithHiddenLayer(num_features, n_hidden_1, num_classes)
learning_rate=0.01
no_of_epochs = 1000
# If you apply Pytorch's CrossEntropyLoss to your output layer,
# you get the same result as applying Pytorch's NLLLoss to a LogSoftmax layer added after your original output layer.
criterion = nn.CrossEntropyLoss()
optimiser = optim.SGD(model.parameters(), lr=learning_rate)
for epoch in range(no_of_epochs):  # loop over the dataset multiple times
    # get the inputs
    inputs = x_data_torch
    labels = y_data_torch
    model.train()
    # zero the parameter gradients
    optimiser.zero_grad()
    # forward + backward + optimize
    outputs = model(inputs)
    loss = criterion(outputs, labels) # We don't need to calcualte logsoftmax here
    loss.backward()
    optimiser.step()
    # print statistics
    if epoch % 200 == 199:    # print every 200 epochs
        model.eval()
        pred_outputs = model(inputs)
        predicted = torch.argmax(pred_outputs, 1)
        train_acc = accuracy_score(predicted.numpy(),y_data)
        print('%d, loss: %.4f, train_acc: %.4f' %(epoch + 1, loss.item(), train_acc))
print('Finished Training')
# Result
pred_outputs = model(inputs)
_, predicted = torch.max(pred_outputs, 1)
print('Predicted :', predicted.numpy())
print('Truth :', y_data)
train_acc = accuracy_score(predicted.numpy(),y_data)
print('Accuracy : %.2f' %train_acc)
