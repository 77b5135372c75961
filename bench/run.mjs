// run.mjs — `./build.sh bench`: times attention forward in WebAssembly (Node), the same C compiled
// natively (-O3 -march=native) and plain JS, in one run on this machine, and prints medians and
// ratios. BENCH_QUICK=1 runs small sizes once (CI keeps the command from rotting).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import { loadSeqlab } from '../wasm/seqlab.mjs';
import { attentionPlain } from './plain.mjs';

const quick = process.env.BENCH_QUICK === '1';
const SIZES = quick ? [64] : [1024];
const D = 64;
const REPS = quick ? 1 : 15;

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
function time(fn, reps) {
  fn(); // warm-up (JIT, memory growth)
  const t = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
  }
  return median(t);
}

function inputs(n, d) {
  const q = new Float32Array(n * d), k = new Float32Array(n * d), v = new Float32Array(n * d);
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
const coreSources = readdirSync('src').filter((f) => f.endsWith('.c')).map((f) => `src/${f}`);
execFileSync('gcc', ['-std=c11', '-O3', '-march=native', '-Isrc', ...coreSources, 'bench/attention_native.c', '-lm', '-o', 'build/bench_native'],
  { stdio: 'inherit' });

const sl = await loadSeqlab();
const rows = [];
for (const n of SIZES) {
  const { q, k, v } = inputs(n, D);
  const scale = 1 / Math.sqrt(D);
  const wasm = time(() => sl.attention({ q, k, v, n, dk: D, scale }), REPS);
  const plain = time(() => attentionPlain(q, k, v, n, n, D, D, scale), REPS);
  const native = JSON.parse(execFileSync('build/bench_native', [String(n), String(D), String(REPS)], { encoding: 'utf8' })).median_ms;
  // the same numbers from both paths, so the comparison is of equal work
  const a = sl.attention({ q, k, v, n, dk: D, scale }).out, b = attentionPlain(q, k, v, n, n, D, D, scale).out;
  let maxDiff = 0;
  for (let i = 0; i < a.length; i++) maxDiff = Math.max(maxDiff, Math.abs(a[i] - b[i]));
  rows.push({ n, d: D, wasm, native, plain, maxDiff });
}

const f = (x) => x.toFixed(3).padStart(10);
console.log(`attention forward, one head, median of ${REPS} run(s)${quick ? ' (quick mode)' : ''}; times in ms`);
console.log('     n    d   wasm(node)     native   plain JS   wasm/native  plainJS/wasm  max|wasm-js|');
for (const r of rows) {
  console.log(`${String(r.n).padStart(6)} ${String(r.d).padStart(4)} ${f(r.wasm)}   ${f(r.native)} ${f(r.plain)}  ${(r.wasm / r.native).toFixed(2).padStart(11)}  ${(r.plain / r.wasm).toFixed(2).padStart(12)}  ${r.maxDiff.toExponential(1).padStart(12)}`);
}
console.log('targets (SPEC): wasm/native <= 2, plainJS/wasm >= 5');
