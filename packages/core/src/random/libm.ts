/** Double-precision log/sin/cos used by the float64 Box-Muller paths. */
export const logF64 = Math.log;
export const sinF64 = Math.sin;
export const cosF64 = Math.cos;
