// calls.mjs — one small, valid call of every public function, shared by the hostility suite
// and the leak checks. Each entry gives the function name and a maker of fresh arguments.
const f32 = (n, s = 0.1) => Float32Array.from({ length: n }, (_, i) => Math.sin(i + 1) * s * 10);

export const VALID_CALLS = {
  softmax: () => [f32(6), 2, 3, { temperature: 0.7 }],
  matmul: () => [f32(6), f32(6), 2, 3, 2, { transposeB: false }],
  rowDots: () => [f32(6), f32(6), 2, 3],
  attention: () => [{ q: f32(8), k: f32(12), v: f32(6), n: 2, m: 3, dk: 4, dv: 2, causal: true, scale: true, mask: new Uint8Array([1, 1, 0, 1, 1, 1]), bias: f32(6), temperature: 1 }],
  multiHeadAttention: () => [{ x: f32(12), n: 3, dModel: 4, heads: 2, dk: 2, dv: 2, wq: f32(16), wk: f32(16), wv: f32(16), wo: f32(16), causal: false, posenc: 'rope', ropeBase: 10000 }],
  sinusoidal: () => [5, 8, { base: 10000, layout: 'concat' }],
  sinusoidalShift: () => [3, 8, { base: 100 }],
  rope: () => [f32(16), 2, 8, { base: 10000, positions: new Int32Array([3, 7]), pairing: 'half', scaling: { type: 'ntk', factor: 2 } }],
  ropeAngles: () => [4, 8, { base: 500 }],
  alibiSlopes: () => [6],
  learnedTable: () => [16, 8, { seed: 3, std: 0.1 }],
  learnedLookup: () => [f32(32), 8, 4, [0, 7, 3]],
  alibiBias: () => [3, 4, { m: 5, causal: false, slopes: f32(3) }],
  lstmStep: () => [{ x: f32(2), hPrev: f32(3), cPrev: f32(3), wIh: f32(24), wHh: f32(36), bIh: f32(12), bHh: f32(12), nx: 2, nh: 3 }],
  lstmForward: () => [{ xs: f32(8), T: 4, h0: f32(3), c0: f32(3), wIh: f32(24), wHh: f32(36), bIh: f32(12), bHh: f32(12), nx: 2, nh: 3, wY: f32(6), bY: f32(2), ny: 2 }],
  lstmBackward: () => [{ xs: f32(8), T: 4, wIh: f32(24), wHh: f32(36), nx: 2, nh: 3, wY: f32(6), ny: 2, targets: [0, 1, 1, 0], dh: f32(12), forgetRule: 'correct' }],
  gruStep: () => [{ x: f32(2), hPrev: f32(3), wIh: f32(18), wHh: f32(27), bIh: f32(9), bHh: f32(9), nx: 2, nh: 3 }],
  gruForward: () => [{ xs: f32(8), T: 4, wIh: f32(18), wHh: f32(27), nx: 2, nh: 3, dtype: 'float64' }],
  gruBackward: () => [{ xs: f32(8), T: 4, wIh: f32(18), wHh: f32(27), nx: 2, nh: 3, dh: f32(12) }],
};
