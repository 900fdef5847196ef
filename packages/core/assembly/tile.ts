// The GEMM register tile: MR rows x NR columns of C live in 8 f32x4 accumulators.
export const MR: i32 = 4;
export const NR: i32 = 8;
