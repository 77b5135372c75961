// worker.js — the training lab's side of a Web Worker. The worker runs the lab's own bundle (see
// runner.js: the bundle's source text, handed to a blob: worker), and main.js calls workerMain()
// instead of starting the page. Messages in: {type: 'run', run, tokens, reportEvery, viewEvery},
// 'pause', 'resume', 'stop', {type: 'view', tokens}. Messages out: 'ready', 'progress' (the new
// losses since the last one), 'view' (attention of the current model), 'done' (the length
// evaluation, the whole curves and the saved model), {type: 'error', id, message} (the run that
// threw, its model disposed; the worker takes the next run; no id: the worker could not start).
import { loadSeqlab } from '../../../../wasm/seqlab.mjs';
import { messageOf, openRun, viewOfRun } from './runner.js';

/** Trains one run at a time on this worker's own core, in chunks, so pause and stop get through. */
export function workerMain(scope = self) {
  let sl = null;
  let job = null; // {tr, paused, stopped, tokens, reportEvery, viewEvery, sentLoss, sentHeld, t0}
  const post = (m, transfer) => scope.postMessage(m, transfer ?? []);
  /** The run of job j (or id, when it threw before its job was made) failed: its model is freed. */
  const fail = (err, j, id = j?.tr.run.id) => {
    if (j) {
      j.stopped = true;
      try {
        j.tr.dispose();
      } catch {
        // already gone: nothing left to free
      }
    }
    if (job === j) job = null;
    post({ type: 'error', ...(id === undefined ? {} : { id }), message: messageOf(err) });
  };

  const view = (j) => {
    const a = viewOfRun(j.tr, j.tokens);
    if (a) post({ type: 'view', id: j.tr.run.id, steps: j.tr.steps, ...a });
  };
  const report = (j) => {
    const tr = j.tr;
    post({
      type: 'progress',
      id: tr.run.id,
      steps: tr.steps,
      total: tr.s.steps,
      losses: tr.losses.slice(j.sentLoss),
      held: tr.held.slice(j.sentHeld),
      ms: tr.ms,
    });
    j.sentLoss = tr.losses.length;
    j.sentHeld = tr.held.length;
  };
  const loop = () => {
    const j = job;
    if (!j || j.paused || j.stopped) return;
    try {
      const before = j.tr.steps;
      j.tr.step(j.reportEvery);
      report(j);
      if (Math.floor(j.tr.steps / j.viewEvery) > Math.floor(before / j.viewEvery)) view(j);
      if (j.tr.done) {
        const result = j.tr.result();
        view(j);
        const bytes = j.tr.model.save();
        post({ type: 'done', id: j.tr.run.id, ...result, bytes }, [bytes.buffer]);
        j.tr.dispose();
        job = null;
        return;
      }
    } catch (err) {
      fail(err, j);
      return;
    }
    setTimeout(loop, 0);
  };

  scope.onmessage = async (ev) => {
    const m = ev.data;
    if (m.type === 'run') {
      try {
        sl ??= await loadSeqlab();
        // a constructor that throws has freed its model (openRun)
        const tr = openRun(sl, m.run);
        job = {
          tr,
          paused: false,
          stopped: false,
          tokens: m.tokens ?? null, // null: the run's held-out row
          reportEvery: m.reportEvery,
          viewEvery: m.viewEvery,
          sentLoss: 0,
          sentHeld: 0,
        };
      } catch (err) {
        fail(err, null, m.run?.id);
        return;
      }
    }
    const j = job;
    try {
      if (m.type === 'run') {
        view(j);
        loop();
      } else if (m.type === 'pause' && j) j.paused = true;
      else if (m.type === 'resume' && j) {
        j.paused = false;
        loop();
      } else if (m.type === 'stop') {
        if (j) {
          j.stopped = true;
          j.tr.dispose();
        }
        job = null;
      } else if (m.type === 'view' && j) {
        j.tokens = m.tokens;
        view(j);
      }
    } catch (err) {
      if (j) fail(err, j);
      else post({ type: 'error', message: messageOf(err) });
    }
  };
  loadSeqlab().then(
    (s) => {
      sl = s;
      post({ type: 'ready' });
    },
    (err) => post({ type: 'error', message: messageOf(err) }),
  );
}
