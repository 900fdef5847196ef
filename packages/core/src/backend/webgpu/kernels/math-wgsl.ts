/**
 * WGSL float32 math with the accuracy the elementwise ops need (about 1e-6 relative): WGSL's own
 * sin/cos (absolute error 2^-11), atan/atan2 (4096 ULP), pow (undefined for x < 0) and log
 * (absolute error near 1) are too loose on some GPUs, and log1p/expm1/erf do not exist. Range
 * reductions and polynomials are the classic Cephes float ones; NaN tests look at the bits (a
 * WGSL compiler may assume `v != v` is false).
 */

/** Function name -> WGSL source and the functions it calls. */
const FUNCTIONS: Record<string, { deps: readonly string[]; src: string }> = {
  isnan_: { deps: [], src: `fn isnan_(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) > 0x7f800000u; }` },
  isinf_: { deps: [], src: `fn isinf_(v: f32) -> bool { return (bitcast<u32>(v) & 0x7fffffffu) == 0x7f800000u; }` },
  // Private variables, not constants: a constant expression may not evaluate to NaN or infinity.
  nan_: { deps: [], src: `var<private> NAN_BITS: u32 = 0x7fc00000u;\nfn nan_() -> f32 { return bitcast<f32>(NAN_BITS); }` },
  inf_: { deps: [], src: `var<private> INF_BITS: u32 = 0x7f800000u;\nfn inf_() -> f32 { return bitcast<f32>(INF_BITS); }` },
  expm1_: { deps: [], src: `
fn expm1_(x: f32) -> f32 {
  if (abs(x) < 0.35) {
    // Taylor to x^9/9!: relative error below 1e-9 on |x| < 0.35
    return x * (1.0 + x * (0.5 + x * (1.0 / 6.0 + x * (1.0 / 24.0 + x * (1.0 / 120.0 + x * (1.0 / 720.0
      + x * (1.0 / 5040.0 + x * (1.0 / 40320.0 + x * (1.0 / 362880.0)))))))));
  }
  return exp(x) - 1.0;
}` },
  log1p_: { deps: ['nan_', 'inf_'], src: `
fn log1p_(x: f32) -> f32 {
  if (abs(x) < 0.5) {
    // 2 atanh(s), s = x / (2 + x): |s| < 1/3, series to s^15
    let s = x / (2.0 + x);
    let z = s * s;
    return 2.0 * s * (1.0 + z * (1.0 / 3.0 + z * (1.0 / 5.0 + z * (1.0 / 7.0 + z * (1.0 / 9.0 + z * (1.0 / 11.0
      + z * (1.0 / 13.0 + z * (1.0 / 15.0))))))));
  }
  if (x == -1.0) { return -inf_(); }
  if (x < -1.0) { return nan_(); }
  return log(1.0 + x);
}` },
  log_: { deps: ['log1p_', 'nan_', 'inf_'], src: `
fn log_(x: f32) -> f32 {
  if (x > 0.5 && x < 2.0) { return log1p_(x - 1.0); }
  if (x == 0.0) { return -inf_(); }
  if (x < 0.0) { return nan_(); }
  return log(x);
}` },
  sqrt_: { deps: ['nan_'], src: `fn sqrt_(x: f32) -> f32 { if (x < 0.0) { return nan_(); } return sqrt(x); }` },
  // sin/cos: x = k pi/2 + r (three-part pi/2), then Cephes sinf/cosf polynomials on |r| <= pi/4.
  trig_: { deps: [], src: `
fn sinpoly_(r: f32) -> f32 {
  let z = r * r;
  return r + r * z * (-1.6666654611e-1 + z * (8.3321608736e-3 + z * -1.9515295891e-4));
}
fn cospoly_(r: f32) -> f32 {
  let z = r * r;
  return 1.0 - 0.5 * z + z * z * (4.166664568298827e-2 + z * (-1.388731625493765e-3 + z * 2.443315711809948e-5));
}
fn reduce_(x: f32) -> vec2f {
  let k = round(x * 0.63661977236758134);
  var r = fma(-k, 1.5703125, x);
  r = fma(-k, 4.837512969970703125e-4, r);
  r = fma(-k, 7.54978995489188216e-8, r);
  return vec2f(r, k);
}
fn sin_(x: f32) -> f32 {
  let q = reduce_(x);
  let n = i32(q.y) & 3;
  if (n == 0) { return sinpoly_(q.x); }
  if (n == 1) { return cospoly_(q.x); }
  if (n == 2) { return -sinpoly_(q.x); }
  return -cospoly_(q.x);
}
fn cos_(x: f32) -> f32 {
  let q = reduce_(x);
  let n = i32(q.y) & 3;
  if (n == 0) { return cospoly_(q.x); }
  if (n == 1) { return -sinpoly_(q.x); }
  if (n == 2) { return -cospoly_(q.x); }
  return sinpoly_(q.x);
}
fn tan_(x: f32) -> f32 {
  let q = reduce_(x);
  let s = sinpoly_(q.x);
  let c = cospoly_(q.x);
  if ((i32(q.y) & 1) == 0) { return s / c; }
  return -c / s;
}` },
  atan_: { deps: [], src: `
fn atan_(x: f32) -> f32 {
  let a = abs(x);
  var y = 0.0;
  var t = a;
  if (a > 2.414213562373095) { y = 1.5707963267948966; t = -1.0 / a; }
  else if (a > 0.4142135623730950) { y = 0.7853981633974483; t = (a - 1.0) / (a + 1.0); }
  let z = t * t;
  y = y + ((((8.05374449538e-2 * z - 1.38776856032e-1) * z + 1.99777106478e-1) * z - 3.33329491539e-1) * z * t + t);
  return select(y, -y, x < 0.0);
}` },
  atan2_: { deps: ['atan_', 'isnan_', 'isinf_'], src: `
fn atan2_(y: f32, x: f32) -> f32 {
  let pi = 3.141592653589793;
  if (isnan_(x) || isnan_(y)) { return x + y; }
  let sy = select(1.0, -1.0, (bitcast<u32>(y) >> 31u) == 1u);
  if (x == 0.0) {
    if (y == 0.0) { return select(0.0, pi, (bitcast<u32>(x) >> 31u) == 1u) * sy; }
    return sy * pi * 0.5;
  }
  if (isinf_(x) && isinf_(y)) { return sy * select(pi * 0.25, pi * 0.75, x < 0.0); }
  let base = atan_(abs(y / x));
  if (x > 0.0) { return sy * base; }
  return sy * (pi - base);
}` },
  asin_: { deps: ['nan_'], src: `
fn asinpoly_(x: f32, z: f32) -> f32 {
  return ((((4.2163199048e-2 * z + 2.4181311049e-2) * z + 4.5470025998e-2) * z + 7.4953002686e-2) * z + 1.6666752422e-1) * z * x + x;
}
fn asin_(x: f32) -> f32 {
  let a = abs(x);
  if (a > 1.0) { return nan_(); }
  var r: f32;
  if (a > 0.5) {
    let z = 0.5 * (1.0 - a);
    r = 1.5707963267948966 - 2.0 * asinpoly_(sqrt(z), z);
  } else {
    r = asinpoly_(a, a * a);
  }
  return select(r, -r, x < 0.0);
}
fn acos_(x: f32) -> f32 {
  if (abs(x) > 1.0) { return nan_(); }
  if (x < -0.5) { let z = 0.5 * (1.0 + x); return 3.141592653589793 - 2.0 * asinpoly_(sqrt(z), z); }
  if (x > 0.5) { let z = 0.5 * (1.0 - x); return 2.0 * asinpoly_(sqrt(z), z); }
  return 1.5707963267948966 - asinpoly_(x, x * x);
}` },
  sinh_: { deps: ['expm1_'], src: `
fn sinh_(x: f32) -> f32 {
  let a = abs(x);
  var r: f32;
  if (a < 80.0) { let e = expm1_(a); r = 0.5 * (e + e / (e + 1.0)); }
  else { let t = exp(a - 0.6931471805599453); r = t; }
  return select(r, -r, x < 0.0);
}
fn cosh_(x: f32) -> f32 {
  let a = abs(x);
  if (a < 80.0) { let e = exp(a); return 0.5 * (e + 1.0 / e); }
  return exp(a - 0.6931471805599453);
}
fn tanh_(x: f32) -> f32 {
  let a = abs(x);
  if (a > 9.0) { return select(1.0, -1.0, x < 0.0); }
  let e = expm1_(-2.0 * a);
  let r = -e / (2.0 + e);
  return select(r, -r, x < 0.0);
}` },
  ainvh_: { deps: ['log1p_', 'log_', 'nan_', 'inf_'], src: `
fn asinh_(x: f32) -> f32 {
  let a = abs(x);
  var r: f32;
  if (a > 1e4) { r = log_(a) + 0.6931471805599453; }
  else { r = log1p_(a + a * a / (1.0 + sqrt(1.0 + a * a))); }
  return select(r, -r, x < 0.0);
}
fn acosh_(x: f32) -> f32 {
  if (x < 1.0) { return nan_(); }
  if (x > 1e4) { return log_(x) + 0.6931471805599453; }
  let t = x - 1.0;
  return log1p_(t + sqrt(2.0 * t + t * t));
}
fn atanh_(x: f32) -> f32 {
  let a = abs(x);
  if (a > 1.0) { return nan_(); }
  if (a == 1.0) { return select(inf_(), -inf_(), x < 0.0); }
  let r = 0.5 * log1p_(2.0 * a / (1.0 - a));
  return select(r, -r, x < 0.0);
}` },
  erf_: { deps: [], src: `
fn erfc_pos_(z: f32) -> f32 {
  // Numerical Recipes' erfcc (Chebyshev fit, fractional error below 1.2e-7), z >= 0
  let t = 1.0 / (1.0 + 0.5 * z);
  return t * exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
}
fn erf_(x: f32) -> f32 {
  let a = abs(x);
  if (a < 0.5) {
    // 2/sqrt(pi) (x - x^3/3 + x^5/10 - x^7/42 + x^9/216 - x^11/1320)
    let z = x * x;
    return 1.1283791670955126 * x * (1.0 + z * (-1.0 / 3.0 + z * (0.1 + z * (-1.0 / 42.0 + z * (1.0 / 216.0 + z * (-1.0 / 1320.0))))));
  }
  let r = 1.0 - erfc_pos_(a);
  return select(r, -r, x < 0.0);
}
fn erfc_(x: f32) -> f32 {
  if (abs(x) < 0.5) { return 1.0 - erf_(x); }
  if (x > 0.0) { return erfc_pos_(x); }
  return 2.0 - erfc_pos_(-x);
}` },
  pow_: { deps: ['isnan_', 'nan_', 'inf_'], src: `
fn pow_(x: f32, y: f32) -> f32 {
  if (x == 1.0 || y == 0.0) { return 1.0; }
  if (isnan_(x) || isnan_(y)) { return nan_(); }
  let yi = trunc(y) == y;
  let odd = yi && abs(y) < 16777216.0 && (i32(abs(y)) & 1) == 1;
  if (x == 0.0) {
    if (y > 0.0) { return select(0.0, x, odd); }
    return select(inf_(), select(inf_(), -inf_(), (bitcast<u32>(x) >> 31u) == 1u), odd);
  }
  if (x < 0.0 && !yi) { return nan_(); }
  let r = exp2(y * log2(abs(x)));
  return select(r, -r, x < 0.0 && odd);
}` },
  fmod_: { deps: ['isinf_', 'nan_'], src: `
fn fmod_(a: f32, b: f32) -> f32 {
  if (b == 0.0 || isinf_(a)) { return nan_(); }
  if (isinf_(b)) { return a; }
  let q = trunc(a / b);
  var r = fma(-q, b, a);
  // q can be one off when a / b rounds across an integer: bring r back into (-|b|, |b|), a's sign
  if (abs(r) >= abs(b)) { r = r - sign(r) * abs(b); }
  if (r != 0.0 && (r < 0.0) != (a < 0.0)) { r = r + sign(a) * abs(b); }
  return r;
}` },
};

/** The WGSL source of `names` and everything they call, each once, callees first. */
export function mathWgsl(names: Iterable<string>): string {
  const done = new Set<string>();
  const out: string[] = [];
  const add = (n: string): void => {
    if (done.has(n)) return;
    done.add(n);
    const f = FUNCTIONS[n];
    if (f === undefined) throw new Error(`webgpu: no WGSL math function ${n}`);
    for (const d of f.deps) add(d);
    out.push(f.src);
  };
  for (const n of names) add(n);
  return out.join('\n');
}
