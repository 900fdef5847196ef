/** torch.autograd: grad, backward, gradcheck. */
export { grad, backward, type GradOptions } from './api';
export { gradcheck } from './gradcheck';
