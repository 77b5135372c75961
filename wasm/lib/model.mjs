// model.mjs — trainable models held in the core: createModel / loadModel and the model's methods
// (TRAINING.md). The parameters, gradients and AdamW moments live in one allocation of the
// WebAssembly heap until dispose(); every method copies its inputs in and its results out (fresh
// arrays), so nothing returned aliases core memory.
import { Args, checkElems, toBytes } from './args.mjs';
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

/** The config with defaults filled in, checked field by field (the core checks it again). */
function readConfig(config) {
  const fn = 'createModel';
  // every key read once, through Args (caller getters and proxies guarded), before kind decides
  // which keys belong
  const a = new Args(fn, config, ALL_KEYS);
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
    if (kind !== 'lstm') return Object.freeze({ kind, vocab, dModel, hidden, seed });
    // the float32 value the core adds is the one reported
    const forgetBias = Math.fround(a.float('forgetBias', { def: 1, min: -100, max: 100 }));
    return Object.freeze({ kind, vocab, dModel, hidden, forgetBias, seed });
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
  return Object.freeze({
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

/** A loss mask: Uint8Array or array of 0/1/booleans, batch·T long. */
function readLossMask(fn, v, length) {
  const err = (text, code = 'ARG') => new SeqlabError(`${fn}: lossMask${text}`, { code, fn, argument: 'lossMask' });
  if (!(v instanceof Uint8Array) && !Array.isArray(v))
    throw err(` must be a Uint8Array or array of 0/1, got ${v === null ? 'null' : typeof v}`);
  if (v.length !== length) throw err(` must have batch×T = ${length} elements, got ${v.length}`, 'SIZE');
  const out = new Uint8Array(length);
  for (let i = 0; i < length; i++) {
    const x = v[i];
    if (x !== 0 && x !== 1 && x !== true && x !== false)
      throw err(`[${i}] must be 0 or 1 (1 = counted in the loss), got ${JSON.stringify(x)}`);
    out[i] = x ? 1 : 0;
  }
  return out;
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
    /** AdamW steps taken (saved and loaded with the model) */
    get steps() {
      return this.#info('steps')[2];
    }
    /** true once dispose() has run */
    get disposed() {
      return this.#handle === 0;
    }

    #live(fn) {
      if (this.#handle === 0) throw new SeqlabError(`${fn}: the model has been disposed`, { code: 'ARG', fn });
      return this.#handle;
    }

    #info(fn) {
      const h = this.#live(fn);
      return callCore(core, fn, { outputs: [{ type: Int32Array, length: 3 }] }, (_inputs, [o]) =>
        core._sl_model_info(o, h),
      )[0];
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
      const mask = withTargets && a.has('lossMask') ? readLossMask(fn, b.lossMask, batch * T) : null;
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

    setParams(floats) {
      const fn = 'setParams';
      const h = this.#live(fn);
      const a = new Args(fn, { params: floats }, ['params']);
      const p = a.floats('params', this.#paramCount, 'paramCount');
      callCore(core, fn, { inputs: [p] }, ([ip]) => core._sl_model_set_params(h, ip));
    }

    /** {loss, grads}: the mean loss over counted positions and its gradient in paramLayout; no update */
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

    /** {loss, gradNorm}: one AdamW step after clipping (gradNorm before clipping) */
    step(batch, opt) {
      const fn = 'step';
      const h = this.#live(fn);
      const b = this.#batch(fn, batch, true);
      const o = new Args(fn, opt, OPT_KEYS);
      const lr = o.number('lr', { min: 0 });
      const beta1 = o.number('beta1', { def: 0.9, min: 0 });
      const beta2 = o.number('beta2', { def: 0.999, min: 0 });
      if (beta1 >= 1) throw o.error('beta1', `must be less than 1, got ${beta1}`);
      if (beta2 >= 1) throw o.error('beta2', `must be less than 1, got ${beta2}`);
      const eps = o.number('eps', { def: 1e-8, above: 0 });
      const wd = o.number('weightDecay', { def: 0, min: 0 });
      const clip = o.number('clip', { def: 0, min: 0 });
      const [r] = callCore(
        core,
        fn,
        { inputs: [b.tokens, b.targets, b.mask, b.positions], outputs: [f32(2)] },
        ([t, g, m, p], [out]) => core._sl_model_step(out, h, t, g, m, p, b.batch, b.T, lr, beta1, beta2, eps, wd, clip),
      );
      return { loss: r[0], gradNorm: r[1] };
    }

    /** {logits: batch×T×vocab, attention: layers×batch×heads×T×T (null for recurrent kinds)} */
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

    /** {loss, tokenAccuracy, exactMatch} over the positions with lossMask 1 */
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
