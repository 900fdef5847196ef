/** torch.autograd: grad, backward, gradcheck, gradgradcheck. */
export { grad, backward, type GradOptions } from './api';
export { gradcheck, gradgradcheck } from './gradcheck';
