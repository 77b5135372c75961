// worker.js — the training lab's side of a Web Worker. The worker runs the lab's own bundle (see
// runner.js: the bundle's source text, handed to a blob: worker), and main.js calls workerMain()
// instead of starting the page. Messages in: {type: 'run', run, tokens, reportEvery, viewEvery},
// 'pause', 'resume', 'stop', {type: 'view', tokens}. Messages out: 'ready', 'progress' (the new
// losses since the last one), 'view' (attention of the current model), 'done' (the length
// evaluation, the whole curves and the saved model), 'error'.
import { TrainingRun } from '../../../../wasm/experiments.mjs';
import { loadSeqlab } from '../../../../wasm/seqlab.mjs';

/** Trains one run at a time on this worker's own core, in chunks, so pause and stop get through. */
export function workerMain(scope = self) {
  let sl = null;
  let job = null; // {tr, paused, stopped, tokens, reportEvery, viewEvery, sentLoss, sentHeld, t0}
  const post = (m, transfer) => scope.postMessage(m, transfer ?? []);
  const fail = (err) => post({ type: 'error', message: String(err?.message ?? err) });

  const view = (j) => {
    const a = j.tr.attention(j.tokens);
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
      fail(err);
      job = null;
      return;
    }
    setTimeout(loop, 0);
  };

  scope.onmessage = async (ev) => {
    const m = ev.data;
    try {
      if (m.type === 'run') {
        sl ??= await loadSeqlab();
        const tr = new TrainingRun(sl, m.run);
        job = {
          tr,
          paused: false,
          stopped: false,
          tokens: m.tokens ?? tr.sampleTokens(),
          reportEvery: m.reportEvery,
          viewEvery: m.viewEvery,
          sentLoss: 0,
          sentHeld: 0,
        };
        view(job);
        loop();
      } else if (m.type === 'pause' && job) job.paused = true;
      else if (m.type === 'resume' && job) {
        job.paused = false;
        loop();
      } else if (m.type === 'stop') {
        if (job) {
          job.stopped = true;
          job.tr.dispose();
        }
        job = null;
      } else if (m.type === 'view' && job) {
        job.tokens = m.tokens;
        view(job);
      }
    } catch (err) {
      fail(err);
    }
  };
  loadSeqlab().then(
    (s) => {
      sl = s;
      post({ type: 'ready' });
    },
    (err) => fail(err),
  );
}
