// runner.js — runs the plan of an experiment: one Web Worker per run (positional encoding or cell
// × seed), at most navigator.hardwareConcurrency at once, each worker running this same bundle.
// The bundle is a classic script wrapped by tools/bundle.mjs in a function, seqlabBundleSource,
// whose source text (Function.prototype.toString) becomes a blob: worker — no second file, so it
// works from file:// too, and nothing is eval'd (the CSP needs `worker-src blob:`). Where a worker
// cannot start the runs train on the main thread in slices of a few milliseconds instead, and the
// runner says why: 'asked' (workers switched off), 'no-worker' (no Worker here), 'no-source' (the
// bundle's source is not at hand), 'refused' (the page's Content-Security-Policy refuses blob:
// workers: a securitypolicyviolation, or the constructor's SecurityError), 'worker-error' (a worker
// failed to start) or 'timeout' (no 'ready' in time). A refusal lasts as long as the page, so
// later runs go straight to the main thread. A run that throws ends as failed (its error with it),
// its model is disposed, the other runs go on, and the whole ends as finished once every run is
// done or failed.
import {
  isCell,
  isDistanceTask,
  modelConfig,
  planRuns,
  taskBatches,
  TrainingRun,
  uniformInductionScore,
} from '../../../../wasm/experiments.mjs';

const SLICE_MS = 6; // main-thread fallback: work per task, far below the 50 ms of a long task
const READY_MS = 15000;
/** After a worker's error event, how long to wait for the policy violation that may explain it. */
const VIOLATION_MS = 100;
/** In the worker, the widget modules of the bundle define classes on HTMLElement: a stand-in. */
const WORKER_PRELUDE =
  'self.seqlabWorker=true;self.HTMLElement=class{};self.customElements={get:function(){return true},define:function(){}};\n';

let blobUrl = null;
/** The blob: URL of a worker running this bundle, or null when the bundle's source is not at hand. */
function workerUrl() {
  if (blobUrl) return blobUrl;
  const f = globalThis.seqlabBundleSource;
  if (typeof f !== 'function') return null;
  blobUrl = URL.createObjectURL(new Blob([WORKER_PRELUDE, '(', f.toString(), ')();\n'], { type: 'text/javascript' }));
  return blobUrl;
}

/** Why workers cannot be used on this page at all ('refused', 'no-worker', 'no-source'), once known. */
let unavailable = null;

/** A policy violation that refused a blob: worker (worker-src, or the script-src / default-src it falls back to). */
const refusesWorker = (e) =>
  /^blob/.test(e.blockedURI ?? '') &&
  /^(worker-src|child-src|script-src|script-src-elem|default-src)$/.test(e.effectiveDirective ?? e.violatedDirective);

/** The message of an error (an Error, an ErrorEvent, a string). */
export const messageOf = (err) => String(err?.message ?? err ?? 'error');

/**
 * A TrainingRun for run; where its constructor throws after the model was made (a held-out batch
 * the core refuses, say), that model is disposed before the error goes on.
 */
export function openRun(sl, run) {
  let made = null;
  const tracked = {
    ...sl,
    createModel: (c) => {
      made = sl.createModel(c);
      return made;
    },
  };
  try {
    return new TrainingRun(tracked, run);
  } catch (err) {
    made?.dispose();
    throw err;
  }
}

/**
 * The attention of run tr's current model on tokens (null: the run's held-out row), with, for the
 * induction task, what a uniform causal head scores on the same held-out batch beside its heads'
 * scores. null for a recurrent net.
 */
export function viewOfRun(tr, tokens) {
  const a = tr.attention(tokens ?? tr.sampleTokens());
  if (a?.scores) {
    const b = tr.heldBatch;
    a.uniform = uniformInductionScore(b.tokens, { batch: b.batch, T: b.T, mask: b.lossMask });
  }
  return a;
}

/**
 * The view of a finished run from its saved model (bytes): loaded with sl.loadModel, measured as
 * the run measured it (its held-out batch), and freed again. null for a recurrent net.
 */
export function viewFromBytes(sl, run, bytes, tokens) {
  if (isCell(run.group)) return null;
  const model = sl.loadModel(bytes);
  let tr = null;
  try {
    tr = new TrainingRun(sl, run, { model });
    return viewOfRun(tr, tokens);
  } finally {
    if (tr) tr.dispose();
    else model.dispose();
  }
}

/**
 * Whether settings s can train before any run starts: for one run of each model (and distance),
 * the batches a run asks for (the first training batch, the held-out one, one at every test length)
 * and its model are made and freed again. Returns null, or {group, message} of the first refusal.
 */
export function checkRuns(sl, s) {
  const seen = new Set();
  for (const run of planRuns(s)) {
    const key = `${run.group} ${run.n}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let model = null;
    try {
      const data = taskBatches(sl, s, run);
      const first = data.next(0);
      data.held(0);
      if (!isDistanceTask(s.task)) for (const n of s.testLengths) data.held(1, n);
      model = sl.createModel(modelConfig(s, run, first));
    } catch (err) {
      return { group: run.group, n: run.n, message: messageOf(err) };
    } finally {
      model?.dispose();
    }
  }
  return null;
}

const nextTask = (() => {
  let ch = null;
  const q = [];
  return (fn) => {
    if (!ch) {
      ch = new MessageChannel();
      ch.port1.onmessage = () => q.shift()?.();
      ch.port1.unref?.(); // in Node (the tests): a queued slice does not keep the process alive
    }
    q.push(fn);
    ch.port2.postMessage(0);
  };
})();

/**
 * new Runner({sl, onEvent}); start(settings, {tokens}) plans and trains every run. Events:
 * {type: 'mode', mode: 'workers'|'main', workers, reason}, {type: 'progress', id}, {type: 'view',
 * id, layers, heads, T, weights, scores}, {type: 'done', id}, {type: 'failed', id, message},
 * {type: 'finished'} (every run done or failed). this.runs[id] holds each run's curves, lengths,
 * saved model bytes, and `error` (the message) for a failed run.
 */
export class Runner {
  constructor({ sl, onEvent = () => {}, forceMain = false, reportEvery = 5, viewEvery = 50 }) {
    this.sl = sl;
    this.onEvent = onEvent;
    this.forceMain = forceMain;
    this.reportEvery = reportEvery;
    this.viewEvery = viewEvery;
    this.generation = 0;
    this.reset();
  }

  /** Stops everything and forgets the runs. */
  reset() {
    this.stop();
    this.runs = [];
    this.settings = null;
    this.state = 'idle'; // idle | running | paused | stopped | finished
  }

  get totals() {
    let steps = 0,
      total = 0,
      ms = 0;
    for (const r of this.runs) {
      steps += r.steps;
      total += r.total;
      ms += r.ms;
    }
    return { steps, total, ms };
  }

  /** The runs that ended with an error. */
  get failed() {
    return this.runs.filter((r) => r.error !== null);
  }

  start(settings, { tokens = null } = {}) {
    this.reset();
    const gen = ++this.generation;
    this.settings = settings;
    this.tokens = tokens;
    this.runs = planRuns(settings).map((run) => ({
      run,
      steps: 0,
      total: settings.steps,
      losses: [],
      held: [],
      ms: 0,
      lengths: null,
      gradNorms: null,
      dropStep: null,
      memory: null,
      induction: null,
      bytes: null,
      done: false,
      error: null,
      started: null,
    }));
    this.queue = this.runs.map((r) => r.run.id);
    this.state = 'running';
    this.t0 = performance.now();
    this.pausedMs = 0;
    if (this.forceMain) return this.startMain(gen, 'asked');
    if (!unavailable && typeof Worker !== 'function') unavailable = 'no-worker';
    const url = unavailable ? null : workerUrl();
    if (!url) return this.startMain(gen, (unavailable ??= 'no-source'));
    const n = Math.max(1, Math.min(navigator.hardwareConcurrency || 2, this.runs.length));
    this.workers = [];
    let ready = 0,
      failed = false,
      refused = false;
    const doc = globalThis.document;
    const onViolation = (e) => {
      if (refusesWorker(e)) refused = true;
    };
    doc?.addEventListener('securitypolicyviolation', onViolation);
    const settle = () => doc?.removeEventListener('securitypolicyviolation', onViolation);
    const fallback = (reason) => {
      if (failed || ready > 0 || gen !== this.generation) return;
      failed = true;
      settle();
      if (reason === 'refused') unavailable = 'refused';
      for (const w of this.workers) w.worker.terminate();
      this.workers = [];
      for (const r of this.runs)
        Object.assign(r, { steps: 0, losses: [], held: [], ms: 0, lengths: null, done: false, error: null });
      this.queue = this.runs.map((r) => r.run.id);
      this.startMain(gen, reason);
    };
    // a worker of this start: fed one run after another; replaced when it dies with an error
    const spawn = (i) => {
      const worker = new Worker(url, { name: `seqlab-train-${i}` });
      const slot = { worker, id: null, ready: false };
      worker.onmessage = (ev) => {
        if (gen !== this.generation) return;
        const m = ev.data;
        if (m.type === 'ready') {
          slot.ready = true;
          if (++ready === 1) {
            settle();
            this.mode = 'workers';
            this.onEvent({ type: 'mode', mode: 'workers', workers: n });
          }
          this.feed(slot);
        } else if (!slot.ready) {
          // the worker could not load the core: no use to any run
          fallback('worker-error');
        } else this.receive(m, slot);
      };
      worker.onerror = (ev) => {
        ev.preventDefault?.();
        if (gen !== this.generation) return;
        if (!slot.ready) {
          // the policy violation that explains a refused worker may come just after its error
          setTimeout(() => fallback(refused ? 'refused' : 'worker-error'), VIOLATION_MS);
          return;
        }
        // an error no handler in the worker caught: its run fails, the worker is replaced
        worker.terminate();
        this.workers = this.workers.filter((w) => w !== slot);
        if (slot.id !== null) this.fail(slot.id, ev.message || 'worker error');
        if (this.queue.length && (this.state === 'running' || this.state === 'paused')) {
          try {
            this.workers.push(spawn(i));
          } catch (err) {
            for (const id of this.queue.splice(0)) this.fail(id, messageOf(err));
          }
        }
        this.checkFinished();
      };
      return slot;
    };
    try {
      for (let i = 0; i < n; i++) this.workers.push(spawn(i));
    } catch (err) {
      // a policy that refuses the worker can throw a SecurityError here
      return fallback(refused || err?.name === 'SecurityError' ? 'refused' : 'worker-error');
    }
    setTimeout(() => ready === 0 && fallback(refused ? 'refused' : 'timeout'), READY_MS);
  }

  feed(slot) {
    if (this.state !== 'running' && this.state !== 'paused') return;
    const id = this.queue.shift();
    if (id === undefined) {
      slot.id = null;
      return;
    }
    slot.id = id;
    this.runs[id].started = performance.now();
    slot.worker.postMessage({
      type: 'run',
      run: this.runs[id].run,
      tokens: this.tokens,
      reportEvery: this.reportEvery,
      viewEvery: this.viewEvery,
    });
    if (this.state === 'paused') slot.worker.postMessage({ type: 'pause' });
  }

  receive(m, slot) {
    const r = this.runs[m.id];
    if (m.type === 'error') {
      // the run that threw (named by the message, else the one the worker was given) ends as
      // failed and the worker takes the next; an error with no run at all is the worker's own
      const id = r ? m.id : (slot?.id ?? null);
      if (id !== null && this.runs[id]) this.fail(id, m.message);
      else this.onEvent({ type: 'error', message: m.message });
      if (slot) this.feed(slot);
      this.checkFinished();
      return;
    }
    if (!r || r.error !== null) return;
    if (m.type === 'progress') {
      r.steps = m.steps;
      r.ms = m.ms;
      r.losses.push(...m.losses);
      r.held.push(...m.held);
      this.onEvent({ type: 'progress', id: m.id });
    } else if (m.type === 'view') {
      this.onEvent(m);
    } else if (m.type === 'done') {
      Object.assign(r, {
        steps: m.losses.length,
        losses: m.losses,
        held: m.held,
        lengths: m.lengths,
        gradNorms: m.gradNorms,
        dropStep: m.dropStep,
        memory: m.memory,
        induction: m.induction ?? null,
        ms: m.ms,
        bytes: m.bytes,
        done: true,
      });
      this.onEvent({ type: 'done', id: m.id });
      if (slot) this.feed(slot);
      this.checkFinished();
    }
  }

  /** Ends run id as failed with message (its curves so far are kept; it has no model to save). */
  fail(id, message) {
    const r = this.runs[id];
    if (!r || r.done || r.error !== null) return;
    r.error = message;
    this.onEvent({ type: 'failed', id, message });
  }

  checkFinished() {
    if (this.state !== 'running' && this.state !== 'paused') return;
    if (this.runs.every((r) => r.done || r.error !== null)) {
      if (this.state === 'paused') this.pausedMs += performance.now() - this.pausedAt;
      this.state = 'finished';
      this.wall = performance.now() - this.t0 - this.pausedMs;
      for (const w of this.workers ?? []) w.worker.terminate();
      this.workers = [];
      this.onEvent({ type: 'finished' });
    }
  }

  /** The fallback: the runs one after another on this thread, in tasks of about SLICE_MS. */
  startMain(gen, reason) {
    this.mode = 'main';
    this.onEvent({ type: 'mode', mode: 'main', workers: 0, reason });
    let tr = null,
      id = null,
      sent = { loss: 0, held: 0 },
      sinceView = 0;
    const close = () => {
      tr?.dispose();
      tr = null;
      this.mainRun = null;
    };
    const slice = () => {
      if (gen !== this.generation || this.state === 'stopped') {
        close();
        return;
      }
      if (this.state === 'paused') {
        this.resumeMain = () => nextTask(slice);
        return;
      }
      try {
        if (!tr) {
          id = this.queue.shift();
          if (id === undefined) return;
          tr = openRun(this.sl, this.runs[id].run);
          this.mainRun = tr;
          sent = { loss: 0, held: 0 };
          sinceView = 0;
          const a = viewOfRun(tr, this.tokens);
          if (a) this.onEvent({ type: 'view', id, steps: 0, ...a });
        } else {
          sinceView += tr.stepFor(SLICE_MS);
          this.receive({
            type: 'progress',
            id,
            steps: tr.steps,
            ms: tr.ms,
            losses: tr.losses.slice(sent.loss),
            held: tr.held.slice(sent.held),
          });
          sent = { loss: tr.losses.length, held: tr.held.length };
          if (sinceView >= this.viewEvery) {
            sinceView = 0;
            const a = viewOfRun(tr, this.tokens);
            if (a) this.onEvent({ type: 'view', id, steps: tr.steps, ...a });
          }
          if (tr.done) {
            const result = tr.result();
            const a = viewOfRun(tr, this.tokens);
            if (a) this.onEvent({ type: 'view', id, steps: tr.steps, ...a });
            const done = { type: 'done', id, ...result, bytes: tr.model.save() };
            close();
            this.receive(done, null);
          }
        }
      } catch (err) {
        // this run ends as failed, its model freed; the next one in the queue goes on
        close();
        if (gen !== this.generation) return;
        this.fail(id, messageOf(err));
        this.checkFinished();
      }
      if (gen === this.generation && this.state !== 'finished') nextTask(slice);
    };
    nextTask(slice);
  }
  pause() {
    if (this.state !== 'running') return;
    this.state = 'paused';
    this.pausedAt = performance.now();
    for (const w of this.workers ?? []) w.worker.postMessage({ type: 'pause' });
  }

  resume() {
    if (this.state !== 'paused') return;
    this.state = 'running';
    this.pausedMs += performance.now() - this.pausedAt;
    for (const w of this.workers ?? []) w.worker.postMessage({ type: 'resume' });
    const f = this.resumeMain;
    this.resumeMain = null;
    f?.();
  }

  stop() {
    if (this.state === 'running' || this.state === 'paused') {
      const end = this.state === 'paused' ? this.pausedAt : performance.now();
      this.wall = end - this.t0 - this.pausedMs;
      this.state = 'stopped';
    }
    this.generation++;
    for (const w of this.workers ?? []) w.worker.terminate();
    this.workers = [];
    this.resumeMain = null;
  }

  /**
   * New tokens for the model view (null: each run's held-out row): every running run answers with
   * a 'view' of its current model (its worker, or the main-thread run).
   */
  setTokens(tokens) {
    this.tokens = tokens;
    for (const w of this.workers ?? []) if (w.id !== null) w.worker.postMessage({ type: 'view', tokens });
    if (this.mainRun) {
      const a = viewOfRun(this.mainRun, tokens);
      if (a) this.onEvent({ type: 'view', id: this.mainRun.run.id, steps: this.mainRun.steps, ...a });
    }
  }

  /**
   * The view of run id on tokens (null: its held-out row), at any time: a finished run's is
   * computed here from its saved model and returned (and sent as a 'view' event); a running run's
   * worker (or the main-thread run) is asked, and its 'view' event answers. Returns the view where
   * it is computed at once, else null (asked, not started, recurrent, or failed).
   */
  viewOf(id, tokens) {
    const r = this.runs[id];
    if (!r) return null;
    if (r.bytes) {
      const a = viewFromBytes(this.sl, r.run, r.bytes, tokens);
      if (a) this.onEvent({ type: 'view', id, steps: r.steps, ...a });
      return a;
    }
    if (this.mainRun?.run.id === id) {
      const a = viewOfRun(this.mainRun, tokens);
      if (a) this.onEvent({ type: 'view', id, steps: this.mainRun.steps, ...a });
      return a;
    }
    const slot = (this.workers ?? []).find((w) => w.id === id);
    slot?.worker.postMessage({ type: 'view', tokens });
    return null;
  }

  /** Steps per second (all runs together and one run's own), and the seconds left (all runs). */
  rate() {
    const { steps, total } = this.totals;
    // wall time of the training so far (pauses left out; fixed once finished or stopped)
    const end = this.state === 'paused' ? this.pausedAt : performance.now();
    const over = this.state === 'finished' || this.state === 'stopped';
    const elapsed = (over ? this.wall : end - this.t0 - this.pausedMs) / 1000;
    const perSecond = elapsed > 0 ? steps / elapsed : 0;
    // one run's own speed: steps over the time its worker (or the main thread) spent on them
    const ran = this.runs.filter((r) => r.ms > 0);
    const ms = ran.reduce((a, r) => a + r.ms, 0);
    return {
      stepsPerSecond: perSecond,
      perRun: ms > 0 ? ran.reduce((a, r) => a + r.steps, 0) / (ms / 1000) : 0,
      secondsLeft: perSecond > 0 ? (total - steps) / perSecond : null,
    };
  }
}
