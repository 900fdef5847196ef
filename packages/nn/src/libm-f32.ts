/**
 * glibc's float32 erff, expf and logf (x86-64, glibc 2.28+) transcribed so that PyTorch's
 * float32 erfinv (which calls them) is reproduced bit for bit: erff is Sun's fdlibm s_erff.c
 * evaluated in float32; expf and logf are Szabolcs Nagy's table-driven double-precision
 * algorithms (the FMA builds glibc picks on AVX2 machines). Verified against libm on 200,000
 * arguments each (tools/parity/nn_init.py covers the erfinv pipeline).
 */
import { numeric } from '@torchlet/core/internal';

const { fma64 } = numeric;

const f = Math.fround;
const F32 = new Float32Array(1);
const U32 = new Uint32Array(F32.buffer);
const F64 = new Float64Array(1);
const U64 = new Uint32Array(F64.buffer);
const LITTLE = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
const LO = LITTLE ? 0 : 1, HI = LITTLE ? 1 : 0;

function bitsOf(x: number): number {
  F32[0] = x;
  return U32[0]!;
}
function fromBits(b: number): number {
  U32[0] = b >>> 0;
  return F32[0]!;
}

// ---- expf: 2^(k/32) table (exp2f_data), scaled polynomial ------------------------------------
const EXP_TAB = [
  0x3ff00000, 0x00000000, 0x3fefd9b0, 0xd3158574, 0x3fefb558, 0x6cf9890f, 0x3fef9301, 0xd0125b51,
  0x3fef72b8, 0x3c7d517b, 0x3fef5487, 0x3168b9aa, 0x3fef387a, 0x6e756238, 0x3fef1e9d, 0xf51fdee1,
  0x3fef06fe, 0x0a31b715, 0x3feef1a7, 0x373aa9cb, 0x3feedea6, 0x4c123422, 0x3feece08, 0x6061892d,
  0x3feebfda, 0xd5362a27, 0x3feeb42b, 0x569d4f82, 0x3feeab07, 0xdd485429, 0x3feea47e, 0xb03a5585,
  0x3feea09e, 0x667f3bcd, 0x3fee9f75, 0xe8ec5f74, 0x3feea114, 0x73eb0187, 0x3feea589, 0x994cce13,
  0x3feeace5, 0x422aa0db, 0x3feeb737, 0xb0cdc5e5, 0x3feec491, 0x82a3f090, 0x3feed503, 0xb23e255d,
  0x3feee89f, 0x995ad3ad, 0x3feeff76, 0xf2fb5e47, 0x3fef199b, 0xdd85529c, 0x3fef3720, 0xdcef9069,
  0x3fef5818, 0xdcfba487, 0x3fef7c97, 0x337b9b5f, 0x3fefa4af, 0xa2a490da, 0x3fefd076, 0x5b6e4540,
];
const INV_LN2_N = 46.16624130844683; // 0x1.71547652b82fep+0 * N
const SHIFT = 6755399441055744; // 0x1.8p+52
const EC0 = 1.6938359250920212e-6; // 0x1.c6af84b912394p-5 / N^3
const EC1 = 0.00023459809789509004; // 0x1.ebfce50fac4f3p-3 / N^2
const EC2 = 0.021660849396613134; // 0x1.62e42ff0c52d6p-1 / N

/** glibc expf. */
export function expf(x: number): number {
  const xd = f(x);
  if (Number.isNaN(xd)) return xd;
  if (xd > 0x162e42e / 262144) return Infinity; // 0x1.62e42ep6
  if (xd < -0x19fe368 / 262144) return 0; // -0x1.9fe368p6
  const z = INV_LN2_N * xd;
  let kd = z + SHIFT;
  F64[0] = kd;
  const ki = U64[LO]!;
  kd -= SHIFT;
  const r = z - kd;
  const j = (ki & 31) * 2;
  U64[HI] = (EXP_TAB[j]! + (ki << 15)) >>> 0;
  U64[LO] = EXP_TAB[j + 1]!;
  const s = F64[0];
  const zz = fma64(EC0, r, EC1);
  const r2 = r * r;
  let y = fma64(EC2, r, 1);
  y = fma64(zz, r2, y);
  return f(y * s);
}

// ---- logf: 16-interval table (logf_data) -------------------------------------------------------
const LOG_INVC = [
  1.398907162146528, 1.3403141896637998, 1.286432210124115, 1.2367150214269895, 1.1906977166711752,
  1.1479821020556429, 1.1082251448272158, 1.0711297413057381, 1.036437278977283, 1, 0.9492859795739057,
  0.8951049428609004, 0.8476821620351103, 0.8050314851692001, 0.7664671008843108, 0.731428603316328,
];
const LOG_LOGC = [
  -0.33569133332882284, -0.2929040563774074, -0.2518726580937369, -0.21245868807117255, -0.17453945183745634,
  -0.1380057072319758, -0.10275976698545139, -0.06871392447020525, -0.0357891387398228, 0, 0.05204517742929496,
  0.11081431298787942, 0.1652495223695143, 0.21687389031699977, 0.2659635028121397, 0.3127556664073557,
];
const LN2 = 0.6931471805599453;
const LA0 = -0.25089342214237154, LA1 = 0.333456765744066, LA2 = -0.4999997485802103;

/** glibc logf (positive normal arguments; others as Math.log). */
export function logf(x: number): number {
  const ix = bitsOf(x);
  if (ix === 0x3f800000) return 0;
  if (ix - 0x00800000 >= 0x7f800000 - 0x00800000) return f(Math.log(f(x)));
  const tmp = (ix - 0x3f330000) >>> 0;
  const i = (tmp >>> 19) & 15;
  const k = (tmp | 0) >> 23;
  const z = fromBits(ix - (tmp & 0xff800000));
  const r = fma64(z, LOG_INVC[i]!, -1);
  const y0 = fma64(k, LN2, LOG_LOGC[i]!);
  const r2 = r * r;
  let y = fma64(LA1, r, LA2);
  y = fma64(LA0, r2, y);
  y = fma64(y, r2, y0 + r);
  return f(y);
}

// ---- erff: fdlibm s_erff.c in float32 ---------------------------------------------------------
const C = (v: number[]): number[] => v.map(f);
const PP = C([1.2837916613e-1, -3.2504209876e-1, -2.8481749818e-2, -5.7702702470e-3, -2.3763017452e-5]);
const QQ = C([1, 3.9791721106e-1, 6.5022252500e-2, 5.0813062117e-3, 1.3249473704e-4, -3.9602282413e-6]);
const PA = C([-2.3621185683e-3, 4.1485610604e-1, -3.7220788002e-1, 3.1834661961e-1, -1.1089469492e-1, 3.5478305072e-2, -2.1663755178e-3]);
const QA = C([1, 1.0642088205e-1, 5.4039794207e-1, 7.1828655899e-2, 1.2617121637e-1, 1.3637083583e-2, 1.1984500103e-2]);
const RA = C([-9.8649440333e-3, -6.9385856390e-1, -1.0558626175e1, -6.2375331879e1, -1.6239666748e2, -1.8460508728e2, -8.1287437439e1, -9.8143291473]);
const SA = C([1, 1.9651271820e1, 1.3765776062e2, 4.3456588745e2, 6.4538726807e2, 4.2900814819e2, 1.0863500214e2, 6.5702495575, -6.0424413532e-2]);
const RB = C([-9.8649431020e-3, -7.9928326607e-1, -1.7757955551e1, -1.6063638306e2, -6.3756646729e2, -1.0250950928e3, -4.8351919556e2]);
const SB = C([1, 3.0338060379e1, 3.2579251099e2, 1.5367296143e3, 3.1998581543e3, 2.5530502930e3, 4.7452853394e2, -2.2440952301e1]);
const ERX = f(8.4506291151e-1), EFX = f(1.2837916613e-1), EFX8 = f(1.0270333290);

/** c[0] + z*(c[1] + z*(...)) with a float32 rounding after every operation. */
function horner(c: readonly number[], z: number): number {
  let r = c[c.length - 1]!;
  for (let i = c.length - 2; i >= 0; i--) r = f(c[i]! + f(z * r));
  return r;
}

/** glibc erff. */
export function erff(xIn: number): number {
  const x = f(xIn);
  const hx = bitsOf(x) | 0;
  const ix = hx & 0x7fffffff;
  if (ix >= 0x7f800000) return Number.isNaN(x) ? x : x > 0 ? 1 : -1;
  if (ix < 0x3f580000) {
    if (ix < 0x31800000) return ix < 0x04000000 ? f(0.125 * f(f(8 * x) + f(EFX8 * x))) : f(x + f(EFX * x));
    const z = f(x * x);
    const y = f(horner(PP, z) / horner(QQ, z));
    return f(x + f(x * y));
  }
  if (ix < 0x3fa00000) {
    const s = f(Math.abs(x) - 1);
    const pq = f(horner(PA, s) / horner(QA, s));
    return hx >= 0 ? f(ERX + pq) : f(-ERX - pq);
  }
  if (ix >= 0x40c00000) return hx >= 0 ? f(1 - 1e-30) : f(1e-30 - 1);
  const ax = Math.abs(x);
  const s = f(1 / f(ax * ax));
  const [R, S] = ix < 0x4036db6e ? [horner(RA, s), horner(SA, s)] : [horner(RB, s), horner(SB, s)];
  const z = fromBits(bitsOf(ax) & 0xfffff000);
  const r = f(expf(f(f(-z * z) - 0.5625)) * expf(f(f(f(z - ax) * f(z + ax)) + f(R / S))));
  return hx >= 0 ? f(1 - f(r / ax)) : f(f(r / ax) - 1);
}
