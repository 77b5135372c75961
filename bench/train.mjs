// train.mjs — the training benchmark (part of `./build.sh bench`, called at the end of run.mjs):
// one training step (forward, backward, clipping, AdamW) of the lm-lengths model at its default
// sizes, in WebAssembly with the SIMD kernels, WebAssembly with the scalar kernels, the same C
// natively (gcc -O3 -march=native, strict and with -ffast-math) through bench/train_native.c, and
// PyTorch CPU eager with one thread (bench/train_torch.py) on the identical model. Median ms per
// step after warm-up, tokens/s and achieved GFLOP/s.
// BENCH_QUICK=1: a tiny model and a few steps (keeps the command working; numbers not meaningful).
//
// FLOPs counted per step (2 per multiply-add; backward = 2 × forward, so a step = 3 × forward):
//   3 · batch · T · [ 2 · layers · (4·d² + 2·d·dFF)      the four weight matrices of each layer
//                   + 2 · d · vocab                       the tied output head (LNf(x) · wteᵀ)
//                   + 2 · layers · d · (T + 1) ]          q·kᵀ and weights·v over the causal half:
//                                                         (T + 1)/2 keys per query on average
// i.e. ≈ 6 × (non-embedding weights + head) × tokens + the attention terms. Not counted: biases,
// LayerNorm, GELU, softmax, the embedding lookup, AdamW (O(params) per step, not O(params·tokens)).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

import createScalarCore from '../build/seqlab_core_scalar.mjs';
import { experiments, textTask } from '../wasm/experiments.mjs';
import { loadSeqlab } from '../wasm/seqlab.mjs';

const POSENC_ID = { none: 0, learned: 1, sinusoidal: 2, rope: 3, alibi: 4 };

export function trainFlops({ batch, T, layers, dModel: d, dFF, vocab }) {
  return 3 * batch * T * (2 * layers * (4 * d * d + 2 * d * dFF) + 2 * d * vocab + 2 * layers * d * (T + 1));
}

function fixedBatch(vocab, batch, T) {
  const tokens = new Int32Array(batch * T),
    targets = new Int32Array(batch * T);
  let s = 1;
  for (let i = 0; i < batch * T; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    tokens[i] = (s >>> 8) % vocab;
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    targets[i] = (s >>> 8) % vocab;
  }
  return { tokens, targets, batch, T };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function timeWasm(sl, config, batch, warmup, reps) {
  const model = sl.createModel(config);
  try {
    const opt = { lr: 1e-3, weightDecay: 0.1, clip: 1 };
    for (let i = 0; i < warmup; i++) model.step(batch, opt);
    const t = [];
    for (let i = 0; i < reps; i++) {
      const t0 = performance.now();
      model.step(batch, opt);
      t.push(performance.now() - t0);
    }
    return median(t);
  } finally {
    model.dispose();
  }
}

export async function benchTraining({ quick = process.env.BENCH_QUICK === '1', log = console.log } = {}) {
  const S = experiments['lm-lengths'].settings(quick);
  const simd = await loadSeqlab();
  const scalar = await loadSeqlab({ createCore: createScalarCore });
  // the lm-lengths model with the corpus's vocabulary; learned positions (GPT-2, as the PyTorch twin)
  const vocab = textTask(simd, { batch: 1, T: S.T, seed: 1, split: 'train' }).vocab;
  const cfg = {
    kind: 'transformer',
    vocab,
    maxLen: S.T,
    layers: S.layers,
    dModel: S.dModel,
    heads: S.heads,
    dFF: S.dFF,
    posenc: 'learned',
    seed: 1,
  };
  const batch = fixedBatch(vocab, S.batch, S.T);
  const warmup = quick ? 1 : 5,
    reps = quick ? 3 : 21;
  const rows = [];
  rows.push({ name: 'wasm SIMD', ms: timeWasm(simd, cfg, batch, warmup, reps) });
  rows.push({ name: 'wasm scalar', ms: timeWasm(scalar, cfg, batch, warmup, reps) });

  mkdirSync('build', { recursive: true });
  const coreSources = readdirSync('src')
    .filter((f) => f.endsWith('.c'))
    .map((f) => `src/${f}`);
  const args = [vocab, S.T, S.batch, S.layers, S.dModel, S.heads, S.dFF, POSENC_ID[cfg.posenc], warmup, reps].map(
    String,
  );
  for (const [name, flags, bin] of [
    ['native -O3', [], 'build/train_native'],
    ['native -O3 -ffast-math', ['-ffast-math'], 'build/train_native_fast'],
  ]) {
    execFileSync(
      'gcc',
      ['-std=c11', '-O3', '-march=native', ...flags, '-Isrc', ...coreSources, 'bench/train_native.c', '-lm', '-o', bin],
      { stdio: 'inherit' },
    );
    rows.push({ name, ms: JSON.parse(execFileSync(bin, args, { encoding: 'utf8' })).median_ms });
  }

  let torchNote = null;
  if (existsSync('/usr/bin/python3')) {
    const r = JSON.parse(
      execFileSync(
        '/usr/bin/python3',
        ['bench/train_torch.py', vocab, S.T, S.batch, S.layers, S.dModel, S.heads, S.dFF, warmup, reps].map(String),
        { encoding: 'utf8' },
      ),
    );
    if (r.skipped) torchNote = `PyTorch skipped: ${r.skipped}`;
    else rows.push({ name: `PyTorch ${r.torch} eager, 1 thread`, ms: r.median_ms });
  } else {
    torchNote = 'PyTorch skipped: no /usr/bin/python3';
  }

  const flops = trainFlops({ ...S, vocab });
  const tokens = S.batch * S.T;
  log(
    `\ntraining step of the lm-lengths model (${S.layers} layers, dModel ${S.dModel}, ${S.heads} heads, dFF ${S.dFF}, vocab ${vocab}, learned positions, tied), ` +
      `batch ${S.batch} × T ${S.T} = ${tokens} tokens; median of ${reps} after ${warmup} warm-up steps${quick ? ' (quick mode: tiny model)' : ''}`,
  );
  log(`FLOPs per step (counted as in bench/train.mjs): ${(flops / 1e6).toFixed(1)} M`);
  log('  path                               ms/step   tokens/s   GFLOP/s');
  for (const r of rows) {
    log(
      `  ${r.name.padEnd(32)} ${r.ms.toFixed(2).padStart(9)} ${((tokens / r.ms) * 1e3).toFixed(0).padStart(10)} ${(flops / r.ms / 1e6).toFixed(2).padStart(9)}`,
    );
  }
  if (torchNote) log(`  ${torchNote}`);
  const simdMs = rows[0].ms;
  const fastestNative = Math.min(rows[2].ms, rows[3].ms);
  const torchRow = rows.find((r) => r.name.startsWith('PyTorch'));
  log(
    `  wasm SIMD / fastest native: ${(simdMs / fastestNative).toFixed(2)}× the time` +
      (torchRow ? `;  wasm SIMD / PyTorch: ${(simdMs / torchRow.ms).toFixed(2)}× the time` : '') +
      `;  wasm scalar / wasm SIMD: ${(rows[1].ms / simdMs).toFixed(2)}×`,
  );
  return { rows, flops, tokens, settings: S, vocab };
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) await benchTraining();
