/** torchvision.datasets: MNIST and FashionMNIST. */
export { MNIST, FashionMNIST, type MNISTOptions } from './mnist';
