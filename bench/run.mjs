// run.mjs — `./build.sh bench`: one table from one run on this machine.
//   attention forward (one head, d = 64) at n = 128, 512, 1024, 2048 in WebAssembly with the SIMD
//   kernels, WebAssembly with the scalar kernels, the same C compiled natively (-O3
//   -march=native, strict and with -ffast-math), plain JS, and TensorFlow.js with its WebAssembly
//   backend; medians and ratios.
//   Then the lab's payload and the attention view's input-to-paint latency in headless Chromium.
// BENCH_QUICK=1: small sizes, one repetition (CI runs this so the command cannot rot).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { gzipSync } from 'node:zlib';

import createScalarCore from '../build/seqlab_core_scalar.mjs';
import { loadSeqlab } from '../wasm/seqlab.mjs';
import { measureLatency, measureViews } from './latency.mjs';
import { attentionPlain, lstmStepPlain } from './plain.mjs';
import { tfjsAttention } from './tfjs.mjs';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = quick ? [64] : [128, 512, 1024, 2048];
const D = 64;
const reps = (n) => (quick ? 1 : n <= 512 ? 21 : n <= 1024 ? 11 : 5);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
/** Median ms of fn after warming up for ~0.3 s (JIT tiers, memory growth) — steady state. */
function time(fn, r) {
  const until = performance.now() + (quick ? 0 : 300);
  do fn();
  while (performance.now() < until);
  const t = [];
  for (let i = 0; i < r; i++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

function inputs(n, d) {
  const q = new Float32Array(n * d),
    k = new Float32Array(n * d),
    v = new Float32Array(n * d);
  let seed = 1;
  for (let i = 0; i < n * d; i++) {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    q[i] = (seed >>> 8) / 16777216 - 0.5;
    k[i] = q[i] * 0.5 + 0.1;
    v[i] = -q[i];
  }
  return { q, k, v };
}

mkdirSync('build', { recursive: true });
const coreSources = readdirSync('src')
  .filter((f) => f.endsWith('.c'))
  .map((f) => `src/${f}`);
execFileSync(
  'gcc',
  ['-std=c11', '-O3', '-march=native', '-Isrc', ...coreSources, 'bench/native.c', '-lm', '-o', 'build/bench_native'],
  { stdio: 'inherit' },
);
// The same with -ffast-math: lets gcc reassociate float sums, so it can vectorise the reductions the
// strict build must keep in order; a baseline it cannot vectorise would flatter the ratios.
execFileSync(
  'gcc',
  [
    '-std=c11',
    '-O3',
    '-march=native',
    '-ffast-math',
    '-Isrc',
    ...coreSources,
    'bench/native.c',
    '-lm',
    '-o',
    'build/bench_native_fast',
  ],
  { stdio: 'inherit' },
);

const simd = await loadSeqlab();
const scalar = await loadSeqlab({ createCore: createScalarCore });
const tf = await tfjsAttention();
const maxDiff = (a, b) => a.reduce((m, x, i) => Math.max(m, Math.abs(x - b[i])), 0);

const rows = [];
for (const n of SIZES) {
  const { q, k, v } = inputs(n, D);
  const scale = 1 / Math.sqrt(D);
  const r = reps(n);
  const args = { q, k, v, n, dk: D, scale };
  const out = { scores: new Float32Array(n * n), weights: new Float32Array(n * n), out: new Float32Array(n * D) };
  const tfRun = tf.prepare(q, k, v, n, D, scale);
  const row = {
    n,
    simd: time(() => simd.attention(args), r),
    simdInto: time(() => simd.attention({ ...args, into: out }), r),
    scalar: time(() => scalar.attention(args), r),
    native: JSON.parse(
      execFileSync('build/bench_native', ['attention', String(n), String(D), String(r)], { encoding: 'utf8' }),
    ).median_ms,
    nativeFast: JSON.parse(
      execFileSync('build/bench_native_fast', ['attention', String(n), String(D), String(r)], { encoding: 'utf8' }),
    ).median_ms,
    plain: time(() => attentionPlain(q, k, v, n, n, D, D, scale), quick ? 1 : Math.min(r, 5)),
    tfjs: time(tfRun, r),
  };
  // equal work: every path gives the same output
  const ref = simd.attention(args).out;
  row.diff = Math.max(
    maxDiff(ref, scalar.attention(args).out),
    maxDiff(ref, attentionPlain(q, k, v, n, n, D, D, scale).out),
    maxDiff(ref, tfRun()),
  );
  tfRun.dispose();
  rows.push(row);
}

const f = (x, w = 9) => x.toFixed(x < 10 ? 2 : 1).padStart(w);
console.log(
  `\nattention forward, one head, d = ${D}: median ms${quick ? ' (quick mode: one repetition, small size)' : ' after warm-up'}`,
);
console.log(`TensorFlow.js ${tf.simd ? 'with' : 'without'} WebAssembly SIMD; "into": caller-owned output arrays`);
console.log('native: gcc -O3 -march=native; native-fm: the same with -ffast-math');
console.log(
  '     n  wasm-SIMD  SIMD+into  wasm-scalar   native  native-fm  plain-JS   tfjs-wasm | SIMD/native  SIMD/native-fm  plainJS/SIMD  tfjs/SIMD  max|diff|',
);
for (const r of rows) {
  console.log(
    `${String(r.n).padStart(6)} ${f(r.simd, 10)} ${f(r.simdInto, 10)} ${f(r.scalar, 12)} ${f(r.native)} ${f(r.nativeFast, 10)} ${f(r.plain)} ${f(r.tfjs, 11)} |` +
      ` ${(r.simd / r.native).toFixed(2).padStart(11)} ${(r.simd / r.nativeFast).toFixed(2).padStart(15)} ${(r.plain / r.simd).toFixed(1).padStart(13)} ${(r.tfjs / r.simd).toFixed(1).padStart(10)}  ${r.diff.toExponential(1)}`,
  );
}
console.log('targets: SIMD/native <= 2, plainJS/SIMD >= 5, tfjs/SIMD > 1 at every n');

// one LSTM step, nx = nh = 256 (a matrix–vector product of 1024×512 and the gates)
{
  const nh = quick ? 32 : 256,
    nx = nh,
    r = quick ? 1 : 31;
  const fill = (n, seed) => {
    const a = new Float32Array(n);
    let s = seed;
    for (let i = 0; i < n; i++) {
      s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
      a[i] = ((s >>> 8) / 16777216 - 0.5) * 0.2;
    }
    return a;
  };
  const wIh = fill(4 * nh * nx, 1),
    wHh = fill(4 * nh * nh, 2),
    b = fill(4 * nh, 3),
    x = fill(nx, 4),
    h = fill(nh, 5),
    c = fill(nh, 6);
  const args = { x, hPrev: h, cPrev: c, wIh, wHh, bIh: b, bHh: b, nx, nh };
  const tfRun = tf.prepareLstm(x, h, c, wIh, wHh, b, nx, nh);
  const row = {
    simd: time(() => simd.lstmStep(args), r),
    scalar: time(() => scalar.lstmStep(args), r),
    native: JSON.parse(execFileSync('build/bench_native', ['lstm', String(nh), String(r)], { encoding: 'utf8' }))
      .median_ms,
    plain: time(() => lstmStepPlain(x, h, c, wIh, wHh, b, nx, nh), r),
    tfjs: time(tfRun, r),
  };
  const ref = simd.lstmStep(args).h;
  row.diff = Math.max(maxDiff(ref, lstmStepPlain(x, h, c, wIh, wHh, b, nx, nh).h), maxDiff(ref, tfRun()));
  tfRun.dispose();
  console.log(`\none LSTM step, nx = nh = ${nh}: median ms`);
  console.log(
    '  wasm-SIMD  wasm-scalar   native  plain-JS   tfjs-wasm | SIMD/native  plainJS/SIMD  tfjs/SIMD  max|diff|',
  );
  console.log(
    `${f(row.simd, 11)} ${f(row.scalar, 12)} ${f(row.native)} ${f(row.plain)} ${f(row.tfjs, 11)} |` +
      ` ${(row.simd / row.native).toFixed(2).padStart(11)} ${(row.plain / row.simd).toFixed(1).padStart(13)} ${(row.tfjs / row.simd).toFixed(1).padStart(10)}  ${row.diff.toExponential(1)}`,
  );
}

// payload: everything the lab's page loads
const files = ['web/index.html', 'web/lab.css', 'web/dist/seqlab.js'];
let raw = 0,
  gz = 0;
for (const file of files) {
  const b = readFileSync(file);
  raw += b.length;
  gz += gzipSync(b, { level: 9 }).length;
}
console.log(`\npayload of the lab (${files.join(', ')}): ${raw} bytes, ${gz} bytes gzipped (target < 300 KB gzipped)`);

const tokens = quick ? 64 : 512;
const latency = await measureLatency({ tokens, heads: 8, reps: quick ? 3 : 15, settleMs: quick ? 500 : 2500 });
console.log(
  `\nattention view, ${tokens} tokens × 8 heads, headless Chromium, pointer drag of the temperature slider (${latency.inputs} inputs):`,
);
console.log(
  `  input to the end of the page's work for the frame (steps recomputed, redrawn, laid out): ${latency.inFrame.toFixed(1)} ms median (target < 16 ms at 512)`,
);
console.log(`  input to every head's thumbnail filled in: ${latency.complete.toFixed(1)} ms median`);
console.log(
  `  late animation frames during the drag: ${latency.lateFrames} of ${latency.frames} (frame interval ${latency.frameInterval.toFixed(1)} ms); ` +
    `longest main-thread task: ${latency.longestTask ? `${latency.longestTask.toFixed(0)} ms` : 'none over 50 ms'}`,
);

const views = await measureViews({ settleMs: quick ? 500 : 2500 });
console.log('\nevery view, one recompute and redraw on the main thread (median of 5, ms; a frame is 16.7 ms):');
for (const v of views) {
  console.log(
    `  ${v.view.padEnd(24)} defaults ${v.atDefault.toFixed(1).padStart(6)}   largest sizes ${v.atMax.toFixed(1).padStart(6)}  (${v.patch || 'no size settings'})${v.error ? `  error: ${v.error}` : ''}`,
  );
}

// training: one step of the lm-lengths model on every path (bench/train.mjs)
await (await import('./train.mjs')).benchTraining();
console.log(
  `\ntraining lab in headless Chromium, each preset${quick ? ' (quick)' : ''} with Web Workers (steps/s per worker against one run in Node; input-to-paint while it trains):`,
);
await (await import('./train-browser.mjs')).measureTraining({ quick });
