/** torchvision: `datasets` (MNIST, FashionMNIST) and `transforms` (ToTensor, Normalize, Compose, Lambda), from the trainer package. */
export { datasets, transforms } from '@torchlet/trainer';
