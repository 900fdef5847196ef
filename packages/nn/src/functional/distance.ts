/** F.cosine_similarity and F.pairwise_distance are @torchlet/core's (torch.cosine_similarity, torch.pairwise_distance). */
export { cosineSimilarity, pairwiseDistance } from '@torchlet/core';
