// model.mjs — trainable models held in the core: createModel / loadModel and the model's methods
// (TRAINING.md). The parameters, gradients and AdamW moments live in one allocation of the
// WebAssembly heap until dispose(); every method copies its inputs in and its results out (fresh
// arrays), so nothing returned aliases core memory.
import { Args, checkElems, LIMITS, toBytes } from './args.mjs';
import { SeqlabError } from './errors.mjs';
import { callCore, f32 } from './heap.mjs';

/** Limits of src/seqlab.h's training section (SL_MODEL_MAX_*) and the shared SL_MAX_* ones. */
export const MODEL_LIMITS = Object.freeze({ maxVocab: 65536, maxLayers: 16, maxLen: 8192, maxDim: 4096, maxHeads: 64 });

const KINDS = ['transformer', 'rnn', 'lstm', 'gru'];
const POSENCS = ['none', 'learned', 'sinusoidal', 'rope', 'alibi'];
const ACTIVATIONS = ['gelu', 'relu'];
const EMBEDDINGS = ['gpt2', 'scaled'];
const TRANSFORMER_KEYS = [
  'kind',
  'vocab',
  'maxLen',
  'layers',
  'dModel',
  'heads',
  'dFF',
  'posenc',
  'ropeBase',
  'tied',
  'activation',
  'embedding',
  'seed',
];
const RECURRENT_KEYS = ['kind', 'vocab', 'dModel', 'hidden', 'seed'];
const LSTM_KEYS = [...RECURRENT_KEYS, 'forgetBias'];
const ALL_KEYS = [...new Set([...TRANSFORMER_KEYS, ...LSTM_KEYS])];
const keysOf = (kind) => (kind === 'transformer' ? TRANSFORMER_KEYS : kind === 'lstm' ? LSTM_KEYS : RECURRENT_KEYS);
// the int32 config array of sl_model_create, indices as enum sl_model_field
const CFG = {
  kind: 0,
  vocab: 1,
  maxLen: 2,
  layers: 3,
  dModel: 4,
  heads: 5,
  dFF: 6,
  posenc: 7,
  tied: 8,
  activation: 9,
  hidden: 10,
  seed: 11,
  embedding: 12,
  count: 13,
};
// the float config array (enum sl_model_float_field)
const CFGF = { ropeBase: 0, forgetBias: 1, count: 2 };
// vocab, meta: as makeTask returns them
const BATCH_KEYS = ['tokens', 'targets', 'lossMask', 'positions', 'batch', 'T', 'vocab', 'meta'];
const OPT_KEYS = ['lr', 'beta1', 'beta2', 'eps', 'weightDecay', 'clip'];
const NAME_BYTES = 24;

/**
 * The parameter count of a checked config, as src/train.c lays the tensors out (a test compares
 * it with paramCount), and its largest tensors: refused here with the API's names before the core
 * would refuse them with its C names.
 */
function checkSizes(a, c) {
  const limit = (argument, what, count) => {
    if (count > LIMITS.maxElems)
      throw a.error(
        argument,
        `(${c[argument]}) makes ${what} hold ${count} elements, more than the limit of ${LIMITS.maxElems}`,
        'LIMIT',
      );
    return count;
  };
  const { vocab, dModel: d } = c;
  let total = limit('dModel', `the embedding (vocab×dModel = ${vocab}×${d})`, vocab * d);
  if (c.kind !== 'transformer') {
    const G = c.kind === 'lstm' ? 4 : c.kind === 'gru' ? 3 : 1,
      h = c.hidden;
    total += limit('hidden', `the cell's wHh (${G}·hidden×hidden)`, G * h * h);
    total += limit('hidden', `the cell's wIh (${G}·hidden×dModel)`, G * h * d);
    total += limit('hidden', `out.w (vocab×hidden = ${vocab}×${h})`, vocab * h);
    total += 2 * G * h + vocab;
  } else {
    if (c.posenc === 'learned') total += limit('maxLen', `wpe (maxLen×dModel = ${c.maxLen}×${d})`, c.maxLen * d);
    limit('dModel', `attn.qkv.w (3·dModel×dModel)`, 3 * d * d);
    limit('dFF', `mlp.fc.w (dFF×dModel = ${c.dFF}×${d})`, c.dFF * d);
    const perLayer = 2 * d + 3 * d * d + 3 * d + d * d + d + (c.dFF ? 2 * d + 2 * c.dFF * d + c.dFF + d : 0);
    total += c.layers * perLayer + 2 * d + (c.tied ? 0 : vocab * d);
  }
  if (total > LIMITS.maxElems)
    throw a.error(
      undefined,
      `the model would have ${total} parameters, more than the limit of ${LIMITS.maxElems}`,
      'LIMIT',
    );
  return total;
}

/** The config with defaults filled in, checked field by field (the core checks it again). */
function readConfig(config) {
  const c = readFields(config);
  checkSizes(c.args, c.config);
  return c.config;
}

/** Test hook: the parameter count checkSizes computes for a config (no core involved). */
export function countParams(config) {
  const c = readFields(config);
  return checkSizes(c.args, c.config);
}

function readFields(config) {
  const fn = 'createModel';
  // every key read once, through Args (caller getters and proxies guarded), before kind decides
  // which keys belong
  const a = new Args(fn, config, ALL_KEYS);
  const done = (cfg) => ({ args: a, config: Object.freeze(cfg) });
  const kind = a.choice('kind', KINDS, 'transformer');
  const known = keysOf(kind);
  const stray = Object.keys(a.o).find((key) => !known.includes(key));
  if (stray !== undefined) {
    throw a.error(undefined, `unknown option '${stray}' for kind '${kind}' (known options: ${known.join(', ')})`);
  }
  const vocab = a.int('vocab', { min: 1, max: MODEL_LIMITS.maxVocab });
  const seed = a.int('seed', { min: 0, max: 2 ** 32 - 1, def: 0 });
  if (kind !== 'transformer') {
    const dModel = a.int('dModel', { max: MODEL_LIMITS.maxDim, def: 32 });
    const hidden = a.int('hidden', { max: MODEL_LIMITS.maxDim, def: 64 });
    if (kind !== 'lstm') return done({ kind, vocab, dModel, hidden, seed });
    // the float32 value the core adds is the one reported
    const forgetBias = Math.fround(a.float('forgetBias', { def: 1, min: -100, max: 100 }));
    return done({ kind, vocab, dModel, hidden, forgetBias, seed });
  }
  const dModel = a.int('dModel', { max: MODEL_LIMITS.maxDim, def: 64 });
  const heads = a.int('heads', { max: MODEL_LIMITS.maxHeads, def: 4 });
  if (dModel % heads !== 0) throw a.error('dModel', `(${dModel}) must be divisible by heads (${heads})`, 'SIZE');
  const posenc = a.choice('posenc', POSENCS, 'learned');
  if (posenc === 'rope' && (dModel / heads) % 2 !== 0)
    throw a.error(
      'posenc',
      `'rope' rotates pairs: the head size dModel/heads = ${dModel / heads} must be even`,
      'SIZE',
    );
  if (posenc === 'sinusoidal' && dModel % 2 !== 0)
    throw a.error('posenc', `'sinusoidal' encodings come in pairs: dModel = ${dModel} must be even`, 'SIZE');
  return done({
    kind,
    vocab,
    maxLen: a.int('maxLen', { max: MODEL_LIMITS.maxLen, def: 64 }),
    layers: a.int('layers', { max: MODEL_LIMITS.maxLayers, def: 2 }),
    dModel,
    heads,
    // 0: attention-only layers (no ln2, no MLP)
    dFF: a.int('dFF', { min: 0, max: MODEL_LIMITS.maxDim, def: Math.min(4 * dModel, MODEL_LIMITS.maxDim) }),
    posenc,
    ropeBase: Math.fround(a.float('ropeBase', { def: 10000, above: 1 })), // as the core stores it
    tied: a.bool('tied', true),
    activation: a.choice('activation', ACTIVATIONS, 'gelu'),
    embedding: a.choice('embedding', EMBEDDINGS, 'gpt2'),
    seed,
  });
}

function configInts(c) {
  const ints = new Int32Array(CFG.count);
  ints[CFG.kind] = KINDS.indexOf(c.kind);
  ints[CFG.vocab] = c.vocab;
  ints[CFG.dModel] = c.dModel;
  ints[CFG.seed] = c.seed | 0; // the 32-bit pattern; the core reads it unsigned
  if (c.kind === 'transformer') {
    ((ints[CFG.maxLen] = c.maxLen),
      (ints[CFG.layers] = c.layers),
      (ints[CFG.heads] = c.heads),
      (ints[CFG.dFF] = c.dFF));
    ((ints[CFG.posenc] = POSENCS.indexOf(c.posenc)),
      (ints[CFG.tied] = c.tied ? 1 : 0),
      (ints[CFG.activation] = ACTIVATIONS.indexOf(c.activation)));
    ints[CFG.embedding] = EMBEDDINGS.indexOf(c.embedding);
  } else {
    ints[CFG.hidden] = c.hidden;
  }
  return ints;
}

function configFloats(c) {
  const floats = new Float32Array(CFGF.count);
  // own fields only: a recurrent config has no ropeBase, and a polluted Object.prototype must not lend one
  floats[CFGF.ropeBase] = Object.hasOwn(c, 'ropeBase') ? c.ropeBase : 10000;
  floats[CFGF.forgetBias] = Object.hasOwn(c, 'forgetBias') ? c.forgetBias : 0;
  return floats;
}

function configFromCore(ints, floats) {
  const kind = KINDS[ints[CFG.kind]],
    seed = ints[CFG.seed] >>> 0;
  const ropeBase = floats[CFGF.ropeBase];
  if (kind !== 'transformer') {
    const c = { kind, vocab: ints[CFG.vocab], dModel: ints[CFG.dModel], hidden: ints[CFG.hidden] };
    if (kind === 'lstm') c.forgetBias = floats[CFGF.forgetBias];
    return Object.freeze({ ...c, seed });
  }
  return Object.freeze({
    kind,
    vocab: ints[CFG.vocab],
    maxLen: ints[CFG.maxLen],
    layers: ints[CFG.layers],
    dModel: ints[CFG.dModel],
    heads: ints[CFG.heads],
    dFF: ints[CFG.dFF],
    posenc: POSENCS[ints[CFG.posenc]],
    ropeBase,
    tied: ints[CFG.tied] === 1,
    activation: ACTIVATIONS[ints[CFG.activation]],
    embedding: EMBEDDINGS[ints[CFG.embedding]],
    seed,
  });
}

export function modelApi(core) {
  // A model dropped without dispose() still gives its memory back once collected.
  const registry =
    typeof FinalizationRegistry === 'function'
      ? new FinalizationRegistry((handle) => core._sl_model_free(handle))
      : null;

  /** Reads the handle out of an `sl_model **` output. */
  const handleFrom = (fn, call) =>
    callCore(core, fn, { outputs: [{ type: Int32Array, length: 1 }] }, (_inputs, [out]) => call(out))[0][0];

  class Model {
    #handle;
    #config;
    #paramCount;
    #layout;

    constructor(handle, config) {
      this.#handle = handle;
      const [info] = callCore(core, 'createModel', { outputs: [{ type: Int32Array, length: 3 }] }, (_inputs, [o]) =>
        core._sl_model_info(o, handle),
      );
      this.#paramCount = info[0];
      this.#config = config;
      const layout = [];
      for (let i = 0; i < info[1]; i++) {
        const [name, t] = callCore(
          core,
          'createModel',
          {
            outputs: [
              { type: Uint8Array, length: NAME_BYTES },
              { type: Int32Array, length: 5 },
            ],
          },
          (_inputs, [n, o]) => core._sl_model_tensor(n, o, handle, i),
        );
        const text = String.fromCharCode(...name.subarray(0, name.indexOf(0)));
        const shape = t[0] === 2 ? [t[1], t[2]] : [t[1]];
        layout.push(Object.freeze({ name: text, shape: Object.freeze(shape), offset: t[3], size: t[4] }));
      }
      this.#layout = Object.freeze(layout);
      registry?.register(this, handle, this);
    }

    /** the full config, defaults filled in (frozen) */
    get config() {
      return this.#config;
    }
    /** number of trainable floats */
    get paramCount() {
      return this.#paramCount;
    }
    /** [{name, shape, offset, size}] into getParams() (frozen) */
    get paramLayout() {
      return this.#layout;
    }
    /** AdamW steps taken (saved and loaded with the model): exact, at most 2^53 */
    get steps() {
      const h = this.#live('steps');
      const [n] = callCore(core, 'steps', { outputs: [{ type: BigInt64Array, length: 1 }] }, (_inputs, [o]) =>
        core._sl_model_steps(o, h),
      );
      return Number(n[0]);
    }
    /** true once dispose() has run */
    get disposed() {
      return this.#handle === 0;
    }

    #live(fn) {
      if (this.#handle === 0) throw new SeqlabError(`${fn}: the model has been disposed`, { code: 'ARG', fn });
      return this.#handle;
    }

    /** Reads {tokens, targets?, lossMask?, batch, T}; targets only when asked. */
    #batch(fn, b, withTargets) {
      const a = new Args(fn, b, BATCH_KEYS);
      const batch = a.int('batch', { max: 2 ** 24 });
      const T = a.int('T', { max: 8192 });
      checkElems(fn, 'tokens (batch×T)', batch * T);
      checkElems(fn, 'logits (batch×T×vocab)', batch * T * this.#config.vocab);
      if (a.has('vocab')) {
        const v = a.int('vocab', { max: 2 ** 31 - 1 });
        if (v > this.#config.vocab)
          throw a.error(
            'vocab',
            `(${v}) of the batch is larger than the model's vocab (${this.#config.vocab})`,
            'VALUE',
          );
      }
      const tokens = a.int32s('tokens', batch * T, 'batch×T', { optional: false });
      const targets = withTargets ? a.int32s('targets', batch * T, 'batch×T', { optional: false }) : null;
      // read once, from the snapshot, by the same rules as every other array (any realm, internal slots)
      const mask = withTargets ? a.mask('lossMask', batch * T, 'batch×T', { meaning: 'counted in the loss' }) : null;
      if (mask && mask.indexOf(1) < 0)
        throw a.error(
          'lossMask',
          'counts no position of the batch: the loss is a mean over the counted positions, and a mean over no positions is undefined',
          'VALUE',
        );
      let positions = null;
      if (a.has('positions')) {
        if (this.#config.kind !== 'transformer')
          throw a.error(
            'positions',
            `are the ids a Transformer's positional encoding reads; a ${this.#config.kind} model has none (its order is its recurrence)`,
          );
        // values are checked by the core (each in [0, 8192), below maxLen for 'learned'), which names the row
        positions = a.int32s('positions', batch * T, 'batch×T', { min: 0, optional: false });
      }
      return { batch, T, tokens, targets, mask, positions };
    }

    getParams() {
      const h = this.#live('getParams');
      return callCore(core, 'getParams', { outputs: [f32(this.#paramCount)] }, (_inputs, [o]) =>
        core._sl_model_get_params(o, h),
      )[0];
    }

    /**
     * Copies floats (paramCount, in paramLayout) in. A NaN or ±Infinity (after the float32
     * conversion) is refused (code VALUE, naming the index and the tensor: "params[123]
     * (h.0.attn.qkv.w[5]) is NaN") and nothing is set.
     */
    setParams(floats) {
      const fn = 'setParams';
      const h = this.#live(fn);
      const a = new Args(fn, { params: floats }, ['params']);
      const p = a.floats('params', this.#paramCount, 'paramCount');
      for (let i = 0; i < p.length; i++) {
        if (!Number.isFinite(p[i])) {
          const t = this.#layout.find((e) => i >= e.offset && i < e.offset + e.size);
          throw a.error(
            `params[${i}]`,
            `(${t.name}[${i - t.offset}]) is ${p[i]}: parameters must be finite (nothing was set)`,
            'VALUE',
          );
        }
      }
      callCore(core, fn, { inputs: [p] }, ([ip]) => core._sl_model_set_params(h, ip));
    }

    /**
     * {loss, grads}: the mean loss over counted positions and its gradient in paramLayout; no update.
     * A lossMask that counts no position is refused (code VALUE): a mean over none is undefined.
     */
    lossAndGrad(batch) {
      const fn = 'lossAndGrad';
      const h = this.#live(fn);
      const b = this.#batch(fn, batch, true);
      const [loss, grads] = callCore(
        core,
        fn,
        { inputs: [b.tokens, b.targets, b.mask, b.positions], outputs: [f32(1), f32(this.#paramCount)] },
        ([t, g, m, p], [l, o]) => core._sl_model_loss_grad(l, o, h, t, g, m, p, b.batch, b.T),
      );
      return { loss: loss[0], grads };
    }

    /**
     * {loss, dhNorm}: for recurrent kinds, dhNorm[t] = the mean over the batch rows of ‖∂loss/∂h_t‖₂
     * (Float32Array(T)), the gradient norm through time; loss as lossAndGrad. No update. A
     * Transformer has no hidden state carried through time: it throws (code ARG).
     */
    gradNormThroughTime(batch) {
      const fn = 'gradNormThroughTime';
      const h = this.#live(fn);
      if (this.#config.kind === 'transformer') {
        throw new SeqlabError(
          `${fn}: the gradient norm through time is defined for recurrent models (rnn, lstm, gru), this one is a Transformer`,
          { code: 'ARG', fn },
        );
      }
      const b = this.#batch(fn, batch, true);
      const [dhNorm, loss] = callCore(
        core,
        fn,
        { inputs: [b.tokens, b.targets, b.mask], outputs: [f32(b.T), f32(1)] },
        ([t, g, m], [d, l]) => core._sl_model_grad_through_time(d, l, h, t, g, m, b.batch, b.T),
      );
      return { loss: loss[0], dhNorm };
    }

    /**
     * {loss, gradNorm}: one AdamW step after clipping (gradNorm before clipping). Every option is
     * checked on the float32 value the core computes with (beta1 = 0.999999999 rounds to 1 and is
     * refused). A step is refused (code VALUE, "... no update made") when its loss or gradient is
     * not finite, when its lossMask counts no position, or when the update would make any parameter
     * or AdamW moment non-finite (lr·weightDecay past float32's range, say): the model is then left
     * bit for bit as it was, `steps` included.
     */
    step(batch, opt) {
      const fn = 'step';
      const h = this.#live(fn);
      const b = this.#batch(fn, batch, true);
      const o = new Args(fn, opt, OPT_KEYS);
      // the core takes every option as a float32: each is checked here, by its name and on the
      // float32 value the core will see, so the core's own checks are only a backstop
      const lr = o.float('lr', { min: 0 });
      const beta = (name, def) => {
        const v = o.float(name, { def, min: 0 });
        if (v >= 1) throw o.error(name, `must be less than 1, got ${v}`);
        if (Math.fround(v) >= 1)
          throw o.error(name, `must be less than 1 as a float32, the precision the core computes in: ${v} rounds to 1`);
        return v;
      };
      const beta1 = beta('beta1', 0.9);
      const beta2 = beta('beta2', 0.999);
      const eps = o.float('eps', { def: 1e-8, above: 0 });
      const wd = o.float('weightDecay', { def: 0, min: 0 });
      const clip = o.float('clip', { def: 0, min: 0 });
      // the two factors of the update, as the core forms them (float32 options, double arithmetic,
      // rounded to float32): past float32's range every parameter they touch would leave it. The
      // core refuses any update that would make a parameter or moment non-finite; these are the
      // cases a caller's options alone decide, named here in the API's terms.
      const f = Math.fround;
      const decay = f(1 - f(lr) * f(wd));
      if (!Number.isFinite(decay))
        throw o.error(
          'weightDecay',
          `(${wd}) times lr (${lr}) makes the decay factor 1 − lr·weightDecay = ${1 - f(lr) * f(wd)} leave float32's range: no update made (lower lr or weightDecay)`,
          'VALUE',
        );
      const t = this.steps + 1;
      const stepSize = f(f(lr) / (1 - f(beta1) ** t));
      if (!Number.isFinite(stepSize))
        throw o.error(
          'lr',
          `(${lr}) makes the step size lr/(1 − beta1^t) at step t = ${t} leave float32's range: no update made (lower lr)`,
          'VALUE',
        );
      const [r] = callCore(
        core,
        fn,
        { inputs: [b.tokens, b.targets, b.mask, b.positions], outputs: [f32(2)] },
        ([t, g, m, p], [out]) => core._sl_model_step(out, h, t, g, m, p, b.batch, b.T, lr, beta1, beta2, eps, wd, clip),
      );
      return { loss: r[0], gradNorm: r[1] };
    }

    /**
     * {logits: batch×T×vocab, attention: layers×batch×heads×T×T (null for recurrent kinds)}.
     * A model whose parameters are not finite is refused (code VALUE, "the model's parameters are
     * not finite (params[i] (tensor[j]) is NaN)"), here and in every method that computes; no
     * method lets one come to be (setParams, loadModel and step refuse), so this is a backstop.
     */
    forward(batch) {
      const fn = 'forward';
      const h = this.#live(fn);
      const b = this.#batch(fn, batch, false);
      const c = this.#config;
      const withAtt = c.kind === 'transformer';
      if (withAtt) checkElems(fn, 'attention (layers×batch×heads×T×T)', c.layers * b.batch * c.heads * b.T * b.T);
      const [logits, attention] = callCore(
        core,
        fn,
        {
          inputs: [b.tokens, b.positions],
          outputs: [f32(b.batch * b.T * c.vocab), withAtt ? f32(c.layers * b.batch * c.heads * b.T * b.T) : null],
        },
        ([t, p], [l, a]) => core._sl_model_forward(l, a, h, t, p, b.batch, b.T),
      );
      return { logits, attention };
    }

    /**
     * {loss, tokenAccuracy, exactMatch} over the positions with lossMask 1. Refused (code VALUE)
     * when the parameters are not finite (as forward), when lossMask counts no position, and when
     * a counted position's logits include NaN (no argmax: NaN would pass for id 0).
     */
    evaluate(batch) {
      const fn = 'evaluate';
      const h = this.#live(fn);
      const b = this.#batch(fn, batch, true);
      const [r] = callCore(
        core,
        fn,
        { inputs: [b.tokens, b.targets, b.mask, b.positions], outputs: [f32(3)] },
        ([t, g, m, p], [out]) => core._sl_model_evaluate(out, h, t, g, m, p, b.batch, b.T),
      );
      return { loss: r[0], tokenAccuracy: r[1], exactMatch: r[2] };
    }

    /** Uint8Array: "SQLB", version, config, params, AdamW state, checksum (src/seqlab.h) */
    save() {
      const fn = 'save';
      const h = this.#live(fn);
      const [size] = callCore(core, fn, { outputs: [{ type: Int32Array, length: 1 }] }, (_inputs, [o]) =>
        core._sl_model_save_size(o, h),
      );
      return callCore(core, fn, { outputs: [{ type: Uint8Array, length: size[0] }] }, (_inputs, [o]) =>
        core._sl_model_save(o, size[0], h),
      )[0];
    }

    /** Frees the core memory; any later call throws. A second dispose() does nothing. */
    dispose() {
      if (this.#handle === 0) return;
      registry?.unregister(this);
      core._sl_model_free(this.#handle);
      this.#handle = 0;
    }
  }

  function createModel(config) {
    const c = readConfig(config);
    const ints = configInts(c);
    const floats = configFloats(c);
    const handle = handleFrom('createModel', (out) => {
      callCore(core, 'createModel', { inputs: [ints, floats] }, ([ip, fp]) => core._sl_model_create(out, ip, fp));
      return 0; // a failure has thrown above, after its block was freed
    });
    try {
      return new Model(handle, c);
    } catch (err) {
      core._sl_model_free(handle);
      throw err;
    }
  }

  /**
   * The model saved in bytes. A short, foreign, newer, truncated or corrupted file is refused, and
   * so is one whose checksum is valid but whose config is invalid (ropeBase not finite or ≤ 1, for
   * any kind), whose parameters or AdamW moments are not finite (or whose second moment is
   * negative: the message names the array, index and tensor), or whose step count is past 2^53;
   * nothing is left allocated.
   */
  function loadModel(bytes) {
    const fn = 'loadModel';
    // a copy read through internal slots (any realm, no proxy, no caller code), 1 to 2^28 bytes
    const data = toBytes(fn, 'bytes', bytes);
    const handle = handleFrom(fn, (out) => {
      callCore(core, fn, { inputs: [data] }, ([ip]) => core._sl_model_load(out, ip, data.length));
      return 0;
    });
    try {
      const [cfg, floats] = callCore(
        core,
        fn,
        { outputs: [{ type: Int32Array, length: CFG.count }, f32(CFGF.count)] },
        (_inputs, [c, r]) => core._sl_model_get_config(c, r, handle),
      );
      return new Model(handle, configFromCore(cfg, floats));
    } catch (err) {
      core._sl_model_free(handle);
      throw err;
    }
  }

  return { createModel, loadModel };
}
