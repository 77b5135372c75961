// view.js — <seqlab-train>: the training lab. Presets of the headless experiments (or custom
// settings) train in Web Workers (runner.js); live loss curves per run, steps per second and time
// left; the length chart (the metric against test length, one line per encoding or cell, the
// spread over seeds, the training length marked) and a sentence computed from its numbers; the
// trained attention of the current model, every layer × head, for an editable sequence; for
// recurrent nets the gradient norm through time, untrained against trained; save a trained model
// and load one back (button or drag and drop). Custom settings are checked before any run starts
// (the message beside the control at fault, Train disabled); a run that fails ends as failed, in
// its line of the run list and in an error box that stays until the reader's next action.
import { fmt, h, numberInput, setText } from '../../core/dom.js';
import { download } from '../../core/export.js';
import { TextError } from '../../core/i18n.js';
import { SeqlabWidget, define } from '../../core/widget.js';
import { Heatmap } from '../../plot/heatmap.js';
import { LinePlot, SERIES_COLORS } from '../../plot/lineplot.js';
import css from '../../styles/posenc.css';
import {
  defaultRun,
  groupSpec,
  isCell,
  isDistanceTask,
  lengthAxes,
  metricOf,
  lengthTable,
  memorySentence,
  memoryTable,
  noticeTryKey,
  parseSequence,
  positionsDropped,
  presetSettings,
  PRESETS,
  summarySentence,
  TASKS,
  vocabularyLabels,
  vocabularyOf,
} from './model.js';
import { checkRuns, Runner } from './runner.js';
import text from './text.js';

const VIEW_CSS = `
.train-buttons { display: flex; flex-wrap: wrap; gap: 6px; margin: 8px 0; }
.train-status { font-variant-numeric: tabular-nums; font-size: 0.85rem; }
.model-grid { display: grid; gap: 4px; direction: ltr; max-width: 100%; overflow-x: auto; }
.lineplot { max-width: 100%; overflow-x: auto; }
.grid > * { min-width: 0; max-width: 100%; }
.model-grid figure { margin: 0; }
.drop { border: 2px dashed transparent; padding: 4px; }
.drop.over { border-color: var(--accent); }
.scores { font-size: 0.8rem; font-variant-numeric: tabular-nums; }
.widget:not(.custom-mode) [data-custom] { display: none; }
.field-error { display: block; color: var(--error); font-size: 0.8rem; max-width: 32em; }
.field-error:empty { display: none; }
.run-lines { font-size: 0.8rem; font-variant-numeric: tabular-nums; margin: 4px 0; padding-inline-start: 1.2em; }
.run-lines:empty { display: none; }
.run-lines .failed { color: var(--error); }
`;

/** Least time between two redraws of the curves while runs report progress, ms. */
const REDRAW_MS = 250;

const list = (s, ok) =>
  s
    .split(/[\s,]+/)
    .filter(Boolean)
    .filter(ok);

export class SeqlabTrain extends SeqlabWidget {
  static css = css + VIEW_CSS;
  static text = text;
  static params = {
    preset: { type: 'enum', values: PRESETS, default: 'copy-lengths' },
    quick: { type: 'bool', default: false },
    task: { type: 'enum', values: TASKS, default: 'copy' },
    encodings: { type: 'string', default: 'rope, alibi, learned', maxLength: 80 },
    layers: { type: 'int', default: 2, min: 1, max: 4 },
    dModel: { type: 'int', default: 32, min: 8, max: 64, values: [8, 16, 32, 64] },
    heads: { type: 'int', default: 4, min: 1, max: 8, values: [1, 2, 4, 8] },
    minLen: { type: 'int', default: 1, min: 1, max: 64 },
    maxLen: { type: 'int', default: 8, min: 1, max: 64 },
    tests: { type: 'string', default: '8, 12, 16, 24', maxLength: 80 },
    steps: { type: 'int', default: 300, min: 10, max: 5000 },
    lr: { type: 'number', default: 0.003, min: 0.0001, max: 0.1 },
    seeds: { type: 'int', default: 1, min: 1, max: 5 },
    forgetBias: { type: 'number', default: 1, min: -5, max: 5 },
    workers: { type: 'bool', default: true },
    tokens: { type: 'string', default: '', maxLength: 200 },
  };

  /**
   * What is wrong with the custom settings before anything trains: {param, key, vars} for the
   * control at fault (param null: the settings as a whole, from checkRuns), or null. Presets are
   * the experiments' own settings and are not checked.
   */
  invalidSettings() {
    const st = this.state;
    if (st.preset !== 'custom' || !this.sl) return null;
    const bad = (param, key, vars = {}) => ({ param, key, vars });
    const unknown = list(st.encodings, (e) => groupSpec(e) === null);
    if (unknown.length) return bad('encodings', 'invalid:encodings', { list: unknown.join(', ') });
    const wrong = list(st.tests, (x) => !/^\d+$/.test(x) || Number(x) < 1 || Number(x) > 128);
    if (wrong.length) return bad('tests', 'invalid:tests', { list: wrong.join(', ') });
    if (st.minLen > st.maxLen) return bad('minLen', 'invalid:min-max', { min: st.minLen, max: st.maxLen });
    const s = this.experiment();
    if (s.task === 'induction') {
      // a sequence and its repeat: two tokens at least, in training and at every test length
      if (s.minLen < 2) return bad('minLen', 'invalid:induction-min', { n: s.minLen });
      const short = s.testLengths.filter((n) => n < s.minLen);
      if (short.length) return bad('tests', 'invalid:induction-tests', { list: short.join(', '), min: s.minLen });
    }
    const key = JSON.stringify(s);
    if (this.checked?.key !== key) this.checked = { key, refusal: checkRuns(this.sl, s) };
    const r = this.checked.refusal;
    return r ? bad(null, 'invalid:core', { run: this.groupName(r.group, s), message: r.message }) : null;
  }

  /** Shows what invalidSettings() found beside its control (and under the buttons); returns it. */
  showInvalid() {
    const v = this.invalidSettings();
    const msg = v ? this.tf(v.key, v.vars) : '';
    for (const [name, { el }] of this.controls) {
      const on = v?.param === name;
      if (on) el.setAttribute('aria-invalid', 'true');
      else el.removeAttribute('aria-invalid');
      const span = this.fieldErrors?.get(name);
      if (span && span.textContent !== (on ? msg : '')) setText(span, on ? msg : '');
    }
    if (this.invalidNote && this.invalidNote.textContent !== msg) setText(this.invalidNote, msg);
    this.invalid = v;
    return v;
  }

  /** The experiment's settings: a preset's, or the custom fields. */
  experiment() {
    const s = this.state;
    if (s.preset !== 'custom') return presetSettings(s.preset, { quick: s.quick });
    const base = presetSettings('custom', { quick: s.quick });
    // any mix of positional encodings (a Transformer each) and recurrent cells, for any task
    // any group the experiments know: cells, 'lstm-fb0', encodings with '+rand' / '+attn' (groupSpec)
    const encs = list(s.encodings, (e) => groupSpec(e) !== null);
    const defaults = isDistanceTask(s.task) ? ['lstm'] : ['rope'];
    const groups = encs.length ? [...new Set(encs)] : defaults;
    const recurrent = groups.every(isCell);
    const tests = list(s.tests, (x) => /^\d+$/.test(x))
      .map(Number)
      .filter((n) => n >= 1 && n <= 128);
    return {
      ...base,
      task: s.task,
      kind: recurrent ? 'recurrent' : 'transformer',
      encodings: groups,
      layers: s.layers,
      dModel: s.dModel,
      heads: Math.min(s.heads, s.dModel / 2),
      dFF: 2 * s.dModel,
      hidden: s.dModel,
      minLen: Math.min(s.minLen, s.maxLen),
      maxLen: s.task === 'text' ? Math.max(2, s.maxLen) : s.maxLen,
      testLengths: tests.length ? [...new Set(tests)].sort((a, b) => a - b) : [s.maxLen],
      steps: s.steps,
      lr: s.lr,
      seeds: s.seeds,
      forgetBias: s.forgetBias,
      symbols: 32,
    };
  }

  build(frame) {
    const t = (x) => this.t(x);
    const sel = (values, label = (v) => v) =>
      h(
        'select',
        {},
        values.map((v) => h('option', { value: v, text: t(label(v)) })),
      );
    this.startBtn = h('button', {
      type: 'button',
      class: 'primary',
      'data-act': 'start',
      onclick: () => this.start(),
      text: t('Train'),
    });
    this.pauseBtn = h('button', {
      type: 'button',
      'data-act': 'pause',
      onclick: () => this.togglePause(),
      text: t('Pause'),
      disabled: true,
    });
    this.stopBtn = h('button', {
      type: 'button',
      'data-act': 'stop',
      onclick: () => this.stopRuns(),
      text: t('Stop'),
      disabled: true,
    });
    this.resetBtn = h('button', {
      type: 'button',
      'data-act': 'reset',
      onclick: () => this.resetRuns(),
      text: t('Reset'),
    });
    this.saveBtn = h('button', {
      type: 'button',
      'data-act': 'save',
      onclick: () => this.saveModel(),
      text: t('Save model'),
      disabled: true,
    });
    this.fileInput = h('input', {
      type: 'file',
      accept: '.sqlb,application/octet-stream',
      hidden: true,
      onchange: (ev) => this.loadFile(ev.target.files[0]),
    });
    this.loadBtn = h('button', {
      type: 'button',
      'data-act': 'load',
      onclick: () => this.fileInput.click(),
      text: t('Load model…'),
    });
    this.status = h('p', { class: 'train-status', role: 'status', 'aria-live': 'polite' });
    this.modeNote = h('p', { class: 'hint', 'data-mode': '' });
    // what keeps Train disabled (the control at fault says it too)
    this.invalidNote = h('p', { class: 'field-error', 'data-invalid': '', 'aria-live': 'polite' });
    // one line per run: its steps and how it ended (a failed run with its error)
    this.runLines = h('ol', { class: 'run-lines', 'data-runs': '' });
    // beside "Train in Web Workers" where this page cannot have them
    this.workersNote = h('span', { class: 'hint', 'data-workers-note': '' });
    const custom = (el) => {
      el.dataset.custom = '';
      return el;
    };
    frame.append(
      h('header', {}, h('h2', { text: t('Training lab') }), h('p', { class: 'lede', text: t('lede') })),
      h(
        'div',
        { class: 'controls' },
        this.bind(
          'preset',
          sel(PRESETS, (v) => `preset:${v}`),
          'Experiment',
        ),
        this.bind('quick', h('input', { type: 'checkbox' }), 'Quick run (a few seconds)'),
        custom(
          this.bind(
            'task',
            sel(TASKS, (v) => `task:${v}`),
            'Task',
          ),
        ),
        custom(
          this.bind(
            'encodings',
            h('input', { type: 'text', size: 28 }),
            'Models to compare: positional encodings (a Transformer each) and recurrent cells',
          ),
        ),
        custom(this.bind('layers', numberInput(1, 4), 'Layers')),
        custom(this.bind('dModel', sel(['8', '16', '32', '64']), 'd_model (hidden size)')),
        custom(this.bind('heads', sel(['1', '2', '4', '8']), 'Heads')),
        custom(this.bind('minLen', numberInput(1, 64), 'Shortest training length')),
        custom(this.bind('maxLen', numberInput(1, 64), 'Longest training length')),
        custom(this.bind('tests', h('input', { type: 'text', size: 16 }), 'Test lengths')),
        custom(this.bind('steps', numberInput(10, 5000, 10), 'Steps')),
        custom(this.bind('lr', numberInput(0.0001, 0.1, 0.0001), 'Learning rate')),
        custom(this.bind('seeds', numberInput(1, 5), 'Seeds')),
        custom(this.bind('forgetBias', numberInput(-5, 5, 0.5), 'LSTM forget-gate bias (added at initialisation)')),
        this.bind('workers', h('input', { type: 'checkbox' }), 'Train in Web Workers'),
      ),
      h(
        'div',
        { class: 'train-buttons' },
        this.startBtn,
        this.pauseBtn,
        this.stopBtn,
        this.resetBtn,
        this.saveBtn,
        this.loadBtn,
        this.fileInput,
      ),
      this.invalidNote,
      this.status,
      this.modeNote,
      this.runLines,
    );
    this.controls.get('workers').field.append(this.workersNote);
    this.curves = new LinePlot({
      title: t('Loss per step (solid: training batch, dashed: held-out)'),
      xLabel: t('step'),
      yLabel: t('loss per token, nats'),
      width: 520,
      height: 260,
      t,
    });
    this.lengths = new LinePlot({
      title: t('Length chart'),
      xLabel: t('test length'),
      yLabel: t('metric'),
      width: 520,
      height: 260,
      t,
    });
    this.sentence = h('p', { class: 'result', 'data-sentence': '', 'aria-live': 'polite' });
    frame.append(h('div', { class: 'grid' }, this.curves.root, h('div', {}, this.lengths.root, this.sentence)));
    // recurrent nets: how much of the readout's gradient reaches each earlier step
    this.memoryPlot = new LinePlot({
      title: t('Gradient through time (solid: trained, dashed: untrained)'),
      xLabel: t('steps back from the readout'),
      yLabel: t('share of the gradient'),
      logY: true,
      width: 520,
      height: 260,
      t,
    });
    this.memorySentence = h('p', { class: 'result', 'data-memory-sentence': '', 'aria-live': 'polite' });
    this.memoryBox = h(
      'div',
      { class: 'memory', 'data-memory': '', hidden: true },
      h('h3', { text: t('Does the gradient reach back?') }),
      h('p', { class: 'hint', text: t('memory:explain') }),
      this.memoryPlot.root,
      this.memorySentence,
    );
    frame.append(this.memoryBox);
    // induction: the head each finished run grew, beside a uniform head, and what zeroing it does
    this.inductionList = h('ul', { class: 'result', 'data-induction': '' });
    this.inductionBox = h(
      'div',
      { class: 'memory', hidden: true },
      h('h3', { text: t('Which head does the copying?') }),
      h('p', { class: 'hint', text: t('induction:explain') }),
      this.inductionList,
    );
    frame.append(this.inductionBox);
    // the model view
    this.tokenBox = h('input', { type: 'text', size: 40 });
    this.viewNote = h('p', { class: 'hint', 'data-view-note': '' });
    // which run the model view, Save and the heads show (default: the best finished run)
    this.picker = h('select', {
      'data-run-picker': '',
      onchange: () => {
        this.pickedRun = this.picker.value === '' ? null : Number(this.picker.value);
        this.invalidate();
      },
    });
    this.pickerField = h(
      'label',
      { class: 'field', 'data-picker-field': '' },
      h('span', { text: t('Run shown') }),
      this.picker,
    );
    // what the sequence box did: tokens dropped and why, a fall-back to a held-out row
    this.seqNote = h('p', { class: 'hint', 'data-seq-note': '', 'aria-live': 'polite' });
    this.grid = h('div', { class: 'model-grid', 'data-model-grid': '' });
    this.big = new Heatmap({
      title: t('Selected head'),
      size: 260,
      xTitle: t('key'),
      yTitle: t('query'),
      t,
      onHover: (c) => this.hoverBig(c),
    });
    this.bigReadout = h('p', { class: 'result', 'aria-live': 'polite' });
    this.scores = h('p', { class: 'scores' });
    const drop = h(
      'div',
      { class: 'drop', 'data-drop': '' },
      h('h3', { text: t('Trained attention: every layer × head') }),
      this.pickerField,
      this.bind('tokens', this.tokenBox, 'Sequence (token ids, or text for the text task; empty: a held-out row)'),
      this.seqNote,
      this.viewNote,
      h('div', { class: 'grid' }, this.grid, h('div', {}, this.big.root, this.bigReadout)),
      this.scores,
    );
    drop.addEventListener('dragover', (ev) => {
      ev.preventDefault();
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (ev) => {
      ev.preventDefault();
      drop.classList.remove('over');
      const f = ev.dataTransfer?.files?.[0];
      if (f) this.loadFile(f);
    });
    frame.append(drop);
    // a message beside each control, for settings that cannot train (showInvalid)
    this.fieldErrors = new Map();
    for (const [name, { el, field }] of this.controls) {
      const span = h('span', { class: 'field-error', id: `err-${name}`, 'data-field-error': name });
      el.setAttribute('aria-describedby', span.id);
      field.append(span);
      this.fieldErrors.set(name, span);
    }
    this.selected ??= { layer: 0, head: 0 };
    this.thumbs = null;
    this.drawnView = undefined;
    frame.classList.toggle('custom-mode', this.state.preset === 'custom');
    if (this.runner) this.showMode();
  }

  disconnectedCallback() {
    super.disconnectedCallback();
    this.runner?.reset();
  }

  afterStateChange() {
    this.clearError();
    super.afterStateChange();
    this.frame?.classList.toggle('custom-mode', this.state.preset === 'custom');
    if (this.runner && this.runner.state !== 'idle') {
      const tokens = this.viewTokens();
      if (JSON.stringify(tokens) !== JSON.stringify(this.runner.tokens ?? null)) this.runner.setTokens(tokens);
    }
    // a loaded model follows the sequence box too
    if (this.loaded?.bytes && this.loaded.tokensKey !== JSON.stringify(this.viewTokens())) {
      try {
        this.loadBytes(this.loaded.bytes, this.loaded.name);
      } catch (err) {
        this.keepError(err);
      }
    }
  }

  ensureRunner() {
    this.runner ??= new Runner({ sl: this.sl, onEvent: (ev) => this.onRunnerEvent(ev) });
    this.runner.forceMain = !this.state.workers;
    return this.runner;
  }

  /**
   * The sequence box read for the model view: {ids (null: a held-out row), dropped: [{token,
   * why}], fallback, empty} (parseSequence), against the vocabulary of the current task, or of
   * the loaded model where one is shown.
   */
  parsedTokens() {
    if (!this.sl) return { ids: null, dropped: [], fallback: false, empty: true };
    const s = this.experiment();
    const vocab = this.loaded?.config?.vocab ?? vocabularyOf(this.sl, s);
    const chars = s.task === 'text' ? vocabularyLabels(this.sl, s) : null;
    return parseSequence(this.state.tokens, { task: s.task, vocab, chars });
  }

  /** Token ids for the model view from the sequence box; null: a held-out row of the task. */
  viewTokens() {
    return this.parsedTokens().ids;
  }

  /**
   * An error that stays until the reader's next action (a failed run, a file that would not load):
   * a redraw shows it again rather than wiping it.
   */
  showError(err) {
    super.showError(err ?? this.stickyError ?? null);
  }

  keepError(err) {
    this.stickyError = err;
    this.showError(err);
  }

  /** The reader did something: the error kept from before is over. */
  clearError() {
    if (!this.stickyError) return;
    this.stickyError = null;
    this.showError(this.modelSrcError ?? null);
  }

  /** Keeps every failed run's error in the error box (they stay until the reader's next action). */
  showFailures() {
    const s = this.runner?.settings;
    const failed = this.runner?.failed ?? [];
    if (!s || !failed.length) return;
    const list = failed.map((x) => `${this.runName(x.run, s)}: ${x.error}`).join('; ');
    this.keepError(new TextError(failed.length === 1 ? 'runFailed' : 'runsFailed', { n: failed.length, list }));
  }

  /** A run's name in the run list and the error box: its model, distance and seed. */
  runName(run, s) {
    return this.joinParts(
      `${this.groupName(run.group, s)}${run.n ? ` n=${run.n}` : ''}`,
      `${this.t('seed')} ${run.seed}`,
    );
  }

  start() {
    if (!this.sl) return;
    this.clearError();
    // settings that cannot train start nothing: the control at fault says why
    const invalid = this.showInvalid();
    if (invalid) {
      this.keepError(new TextError(invalid.key, invalid.vars));
      this.syncButtons();
      return;
    }
    this.loaded = null;
    this.viewData = null;
    this.views = new Map();
    this.pickedRun = null;
    this.requested = null;
    const r = this.ensureRunner();
    this.startedAt = performance.now();
    r.start(this.experiment(), { tokens: this.viewTokens() });
    this.syncButtons();
    this.invalidate();
  }

  togglePause() {
    const r = this.runner;
    if (!r) return;
    this.clearError();
    if (r.state === 'running') r.pause();
    else if (r.state === 'paused') r.resume();
    this.syncButtons();
    this.invalidate();
  }

  stopRuns() {
    this.clearError();
    this.runner?.stop();
    this.syncButtons();
    this.invalidate();
  }

  resetRuns() {
    this.clearError();
    this.runner?.reset();
    this.viewData = null;
    this.views = new Map();
    this.pickedRun = null;
    this.requested = null;
    this.loaded = null;
    this.syncButtons();
    this.invalidate();
  }

  syncButtons() {
    const st = this.runner?.state ?? 'idle';
    this.pauseBtn.disabled = st !== 'running' && st !== 'paused';
    this.pauseBtn.textContent = this.t(st === 'paused' ? 'Resume' : 'Pause');
    this.stopBtn.disabled = st !== 'running' && st !== 'paused';
    const picked = this.pickedRecord();
    this.saveBtn.disabled = !picked?.bytes;
    const s = this.runner?.settings;
    this.saveBtn.textContent =
      picked && s ? this.tf('Save {run}', { run: this.runName(picked.run, s) }) : this.t('Save model');
    // Train stays disabled while the settings cannot train (the message beside the control)
    this.startBtn.disabled = Boolean(this.invalid);
  }

  showMode() {
    const m = this.mode;
    if (!m || !this.modeNote) return;
    this.modeNote.dataset.mode = m.mode;
    this.modeNote.dataset.reason = m.reason ?? '';
    this.modeNote.textContent =
      m.mode === 'workers'
        ? this.tf('Training in {n} Web Workers, off the main thread.', { n: m.workers })
        : this.t(`fallback:${m.reason}`);
    this.showWorkersControl();
  }

  /**
   * "Train in Web Workers" never claims workers the runs do not have: where this page cannot start
   * one at all (a refusing policy, no Worker) it is unticked and disabled, and where they failed to
   * start this time it says so beside it; the setting itself (and the URL) is left as it was.
   */
  showWorkersControl() {
    const box = this.controls.get('workers')?.el;
    if (!box || !this.workersNote) return;
    const reason = this.mode?.mode === 'main' && this.mode.reason !== 'asked' ? this.mode.reason : null;
    const never = ['refused', 'no-worker', 'no-source'].includes(reason);
    box.disabled = never;
    if (never) box.checked = false;
    this.workersNote.textContent = reason ? ` (${this.t(`workers:${reason}`)})` : '';
  }

  syncControls() {
    super.syncControls();
    this.showWorkersControl();
  }

  onRunnerEvent(ev) {
    if (ev.type === 'mode') {
      this.mode = ev;
      this.showMode();
    } else if (ev.type === 'view') {
      // every run's latest view; the model view shows the picked run's
      (this.views ??= new Map()).set(ev.id, ev);
      if (ev.id !== this.pickedId()) return undefined;
    } else if (ev.type === 'failed') this.showFailures();
    else if (ev.type === 'error') this.keepError(new Error(ev.message));
    if (ev.type === 'done' || ev.type === 'failed' || ev.type === 'finished') this.syncButtons();
    if (ev.type !== 'progress') return this.invalidate();
    // progress arrives many times a second from every worker: the curves (many runs, hundreds of
    // points each) are redrawn at most every REDRAW_MS, so drawing never crowds out input
    if (this.redrawTimer) return undefined;
    this.redrawTimer = setTimeout(() => {
      this.redrawTimer = null;
      this.invalidate();
    }, REDRAW_MS);
    return undefined;
  }

  /**
   * The run the model view, Save and the heads show: the reader's pick, else the best finished
   * run of the group the length chart's sentence names best at the longest length (defaultRun),
   * the first run while none has finished. null: no runs.
   */
  pickedId() {
    const runs = this.runner?.runs ?? [];
    if (!runs.length) return null;
    if (this.pickedRun !== null && this.pickedRun !== undefined && runs[this.pickedRun]) return this.pickedRun;
    return defaultRun(this.runner.settings, runs);
  }

  /** The runner's record of the picked run (null: none). */
  pickedRecord() {
    const id = this.pickedId();
    return id === null ? null : (this.runner?.runs[id] ?? null);
  }

  /** The run picker's options: every run of the training (group × seed, × n for distance tasks). */
  showPicker(runs, s) {
    const id = this.pickedId();
    const key = `${runs.map((x) => this.runName(x.run, s)).join('|')}`;
    if (this.picker.dataset.key !== key) {
      this.picker.dataset.key = key;
      this.picker.replaceChildren(
        ...runs.map((x) => h('option', { value: String(x.run.id), text: this.runName(x.run, s) })),
      );
    }
    this.pickerField.hidden = !runs.length || Boolean(this.loaded);
    const value = id === null ? '' : String(id);
    if (this.picker.value !== value) this.picker.value = value;
  }

  /**
   * Asks the runner for the picked run's view when the pick, the run's state or the sequence has
   * changed since it last asked (a finished run's view is computed from its saved model, in a task
   * of its own; a running run's worker answers with a 'view' event).
   */
  requestPickedView(rec) {
    if (!rec || !this.runner || this.loaded) return;
    const tokens = this.viewTokens();
    const key = `${this.runner.generation}:${rec.run.id}:${rec.done}:${JSON.stringify(tokens)}`;
    if (this.requested === key) return;
    this.requested = key;
    const gen = this.runner.generation;
    setTimeout(() => {
      if (!this.runner || this.runner.generation !== gen || this.requested !== key) return;
      try {
        this.runner.viewOf(rec.run.id, tokens);
      } catch (err) {
        this.keepError(err);
      }
    }, 0);
  }

  saveModel() {
    this.clearError();
    const r = this.pickedRecord();
    if (!r?.bytes) return;
    const n = r.run.n ? `-n${r.run.n}` : '';
    download(
      new Blob([r.bytes], { type: 'application/octet-stream' }),
      `seqlab-${r.run.group}${n}-seed${r.run.seed}.sqlb`,
    );
  }

  async loadFile(file) {
    this.clearError();
    try {
      this.loadBytes(new Uint8Array(await file.arrayBuffer()), file.name);
    } catch (err) {
      // kept: the redraws of a training still going on must not wipe it
      this.keepError(err);
    }
  }

  /** A model from the model-src attribute: shown in the model view like a loaded file. */
  acceptModel(bytes, name) {
    this.loadBytes(bytes, name);
  }

  /** Loads a saved model (sl.loadModel) and shows its attention on the sequence. */
  loadBytes(bytes, name = 'model') {
    const model = this.sl.loadModel(bytes);
    try {
      const c = model.config;
      const s = this.experiment();
      const parsed = parseSequence(this.state.tokens, {
        task: s.task,
        vocab: c.vocab,
        chars: s.task === 'text' ? vocabularyLabels(this.sl, s) : null,
      });
      const tokensKey = JSON.stringify(parsed.ids);
      const tokens =
        parsed.ids ??
        this.viewData?.tokens ??
        Array.from({ length: Math.min(16, c.maxLen ?? 16) }, (_, i) => i % c.vocab);
      if (c.kind && c.kind !== 'transformer') {
        this.loaded = { name, config: c, view: null, bytes, tokensKey };
      } else {
        const T = Math.min(tokens.length, c.posenc === 'learned' ? c.maxLen : 256);
        const r = model.forward({ tokens: Int32Array.from(tokens.slice(0, T)), batch: 1, T });
        this.loaded = {
          name,
          config: c,
          bytes,
          tokensKey,
          view: {
            layers: c.layers,
            heads: c.heads,
            T,
            weights: r.attention,
            tokens: tokens.slice(0, T),
            asked: parsed.ids,
            logits: r.logits,
          },
        };
      }
    } finally {
      model.dispose();
    }
    this.modelSrcError = null; // a model shown now: an earlier model-src failure is over
    this.showError(null);
    this.invalidate();
    return this.loaded;
  }

  compute() {
    const s = this.experiment();
    const r = this.runner;
    const runs = r?.runs ?? [];
    const metric = metricOf(s);
    // curves: one colour per encoding or cell (as in the length chart), one legend key for each;
    // the readout and the table name every run
    const series = [];
    const groups0 = [...new Set(runs.map((x) => x.run.group))];
    // one colour per group in every chart, whichever runs have finished
    const colorOf = (g) => SERIES_COLORS[Math.max(0, groups0.indexOf(g)) % SERIES_COLORS.length];
    const keyed = new Set();
    runs.forEach((x) => {
      if (!x.losses.length) return;
      const color = colorOf(x.run.group);
      const label = this.joinParts(
        `${this.groupName(x.run.group, s)}${x.run.n ? ` n=${x.run.n}` : ''}`,
        `${this.t('seed')} ${x.run.seed}`,
      );
      const legend = keyed.has(x.run.group) ? false : this.groupName(x.run.group, s);
      keyed.add(x.run.group);
      series.push({ name: label, legend, x: x.losses.map((_, k) => k + 1), y: x.losses, color });
      if (x.held.length)
        series.push({
          name: `${label} (${this.t('held-out')})`,
          legend: false,
          x: x.held.map((p) => p.step),
          y: x.held.map((p) => p.loss),
          dashed: true,
          color,
        });
      if (x.dropStep)
        series.push({
          name: `${label}: ${this.t('loss drop')}`,
          legend: keyed.has('drop') ? false : this.t('loss drop'),
          x: [x.dropStep, x.dropStep],
          y: [Math.min(...x.losses), Math.max(...x.losses)],
          dashed: true,
          color: '#D55E00',
        });
      if (x.dropStep) keyed.add('drop');
    });
    if (series.length) this.curves.set({ series });
    else this.curves.set({ series: [{ name: this.t('no run yet'), x: [], y: [] }] });
    const induction = this.drawInduction(s, runs);
    // length chart from the finished runs
    const results = runs.filter((x) => x.lengths).map((x) => ({ run: x.run, lengths: x.lengths }));
    const table = lengthTable(s, results);
    const groups = [...new Set(table.map((x) => x.group))];
    const lseries = [];
    const fraction = metric !== 'loss'; // exact match and accuracy live in [0, 1]
    // one line per group, the spread over seeds a band in its colour (whiskers at a single length)
    groups.forEach((g) => {
      const rows = table.filter((x) => x.group === g);
      const color = colorOf(g);
      const spreadOn = rows.some((x) => x.n > 1);
      lseries.push({
        name: this.groupName(g, s),
        x: rows.map((x) => x.length),
        y: rows.map((x) => x.mean),
        color,
        ...(spreadOn ? { lo: rows.map((x) => x.min), hi: rows.map((x) => x.max) } : {}),
      });
    });
    const axes = lengthAxes(s);
    const trainLen = isDistanceTask(s.task) ? null : s.maxLen;
    if (lseries.length && trainLen !== null) {
      const ys = table.filter((x) => x.mean !== null).flatMap((x) => [x.min, x.max]);
      lseries.push({
        name: this.t('training length'),
        x: [trainLen, trainLen],
        y: fraction ? [0, 1] : [Math.min(...ys), Math.max(...ys)],
        dashed: true,
        // the text colour of the page: visible on a light and a dark background alike
        color: 'currentColor',
      });
    }
    this.lengths.o.xLabel = this.t(axes.x);
    this.lengths.o.yLabel = this.t(axes.y);
    this.lengths.caption.textContent = `${this.t('Length chart')}: ${this.t(`metric:${metric}`)}${isDistanceTask(s.task) ? ` — ${this.t('accuracy against distance per cell')}` : ''}`;
    this.lengths.set({
      series: lseries.length ? lseries : [{ name: '', x: [], y: [] }],
      yDomain: fraction ? [0, 1] : undefined,
      refs: axes.chance !== null && lseries.length ? [{ y: axes.chance, label: this.t('chance 50%') }] : [],
    });
    const sentence = summarySentence(s, table);
    // formulas and numbers isolated left to right in a Persian sentence
    setText(
      this.sentence,
      sentence ? this.sentenceText(sentence, s) : this.t('The length chart fills in as runs finish.'),
    );
    const memory = this.drawMemory(
      s,
      runs.filter((x) => x.memory).map((x) => ({ run: x.run, memory: x.memory })),
      colorOf,
    );
    const invalid = this.showInvalid();
    this.showRunLines(runs, r?.settings ?? s); // the runs as they were planned
    // status
    const tot = r?.totals ?? { steps: 0, total: 0 };
    const rate = r && r.state !== 'idle' ? r.rate() : null;
    this.status.textContent =
      !r || r.state === 'idle'
        ? this.t('Press Train: every run trains, then its test lengths are measured.')
        : this.tf('{state}: {steps} of {total} steps in {runs} runs · {rate} steps/s ({perRun} per run) · {left}', {
            state: this.t(`state:${r.state}`),
            steps: tot.steps,
            total: tot.total,
            runs: runs.length,
            rate: fmt(rate.stepsPerSecond, 3),
            perRun: fmt(rate.perRun, 3),
            left:
              r.state === 'finished'
                ? this.tf('done in {s} s', { s: fmt(r.wall / 1000, 3) })
                : rate.secondsLeft === null
                  ? ''
                  : this.tf('about {s} s left', { s: Math.ceil(rate.secondsLeft) }),
          }) +
          (r.failed.length
            ? `${this.t('sep')}${this.tf('{n} of {runs} runs failed', { n: r.failed.length, runs: runs.length })}`
            : '');
    // model view: the picked run's (or the loaded model's)
    this.showPicker(runs, r?.settings ?? s);
    const picked = this.pickedRecord();
    this.requestPickedView(picked);
    const pickedView = picked ? (this.views?.get(picked.run.id) ?? null) : null;
    this.viewData = pickedView;
    const v = this.loaded ? this.loaded.view : pickedView;
    this.syncNotice();
    this.lastResult = {
      settings: s,
      state: r?.state ?? 'idle',
      mode: this.mode?.mode ?? null,
      runs: runs.map((x) => ({
        group: x.run.group,
        seed: x.run.seed,
        n: x.run.n,
        steps: x.steps,
        losses: x.losses,
        held: x.held,
        lengths: x.lengths,
        dropStep: x.dropStep,
        induction: x.induction ?? null,
        ms: x.ms,
        done: x.done,
        error: x.error,
      })),
      failed: runs.filter((x) => x.error !== null).length,
      // custom settings that cannot train: {param, message} (Train disabled), else null
      invalid: invalid ? { param: invalid.param, message: this.tf(invalid.key, invalid.vars) } : null,
      induction,
      curves: series.map((x) => ({ name: x.name, x: x.x, y: x.y })),
      table,
      sentence: this.sentence.textContent,
      memory,
      view: v
        ? {
            layers: v.layers,
            heads: v.heads,
            T: v.T,
            weights: v.weights,
            scores: v.scores ?? null,
            steps: v.steps ?? null,
            tokens: v.tokens ?? null,
            uniform: v.uniform ?? null,
            source: this.loaded ? 'loaded' : 'training',
          }
        : null,
      picked: picked && !this.loaded ? { id: picked.run.id, name: this.runName(picked.run, r.settings) } : null,
      sequence: this.sequenceReport(v, s),
      loaded: this.loaded ? { name: this.loaded.name, config: this.loaded.config } : null,
      wallMs: r?.wall ?? null,
    };
    this.syncButtons();
    // the model view in a task of its own, so one frame never holds both halves of the work
    this.showSequenceNote(this.lastResult.sequence);
    if (v === this.drawnView) return undefined;
    return this.defer(() => {
      this.drawnView = v;
      this.drawModelView(v, s);
      return false;
    });
  }

  /**
   * What each token id of the model shown stands for (id → text): the task's characters, bits or
   * symbol ids with BOS, SEP and PAD named; a loaded model of another vocabulary: its ids.
   */
  tokenLabels(s, vocab) {
    const key = `${s.task}|${s.symbols ?? ''}|${vocab}`;
    if (this.labelCache?.key === key) return this.labelCache.labels;
    const own = vocabularyOf(this.sl, s);
    const labels =
      vocab === undefined || vocab === own
        ? vocabularyLabels(this.sl, s, own)
        : Array.from({ length: vocab }, (_, i) => String(i));
    this.labelCache = { key, labels };
    return labels;
  }

  /**
   * What the sequence box did for the view v: the tokens left out and why ('vocabulary': no such
   * token; 'positions': past the model's positions) and whether it fell back to a held-out row.
   */
  sequenceReport(v, s) {
    const parsed = this.parsedTokens();
    if (parsed.empty) return { dropped: [], fallback: false, text: '' };
    const vocab = this.loaded?.config?.vocab ?? vocabularyOf(this.sl, s);
    const labels = this.tokenLabels(s, this.loaded?.config?.vocab);
    const asked = this.loaded ? v?.asked : parsed.ids;
    const dropped = [...parsed.dropped, ...(v && asked ? positionsDropped(asked, v.tokens, labels) : [])];
    const quote = (xs) => {
      const shown = xs.slice(0, 12).map((x) => (s.task === 'text' ? `'${x.token}'` : x.token));
      return shown.join(this.t('list-separator')) + (xs.length > 12 ? '…' : '');
    };
    const parts = [];
    const bad = dropped.filter((x) => x.why === 'vocabulary');
    const far = dropped.filter((x) => x.why === 'positions');
    if (bad.length)
      parts.push(
        s.task === 'text'
          ? this.tf('Left out {list}: not characters of the model’s vocabulary.', { list: quote(bad) })
          : this.tf('Left out {list}: not token ids of this model (whole numbers 0 to {max}).', {
              list: quote(bad),
              max: vocab - 1,
            }),
      );
    if (far.length)
      parts.push(
        this.tf('Left out {list}: past the model’s {n} positions.', { list: quote(far), n: v?.tokens?.length ?? 0 }),
      );
    if (parsed.fallback)
      parts.push(this.t('No token of the box is in the vocabulary: showing a held-out row instead.'));
    return { dropped, fallback: parsed.fallback, text: parts.join(' ') };
  }

  showSequenceNote(report) {
    if (this.seqNote.textContent !== report.text) setText(this.seqNote, report.text);
  }

  /** The third "what to notice" line: what to try with the chosen preset. */
  syncNotice() {
    const li = this.frame?.querySelector('[data-part=notice] li:nth-child(3)');
    const text = this.t(noticeTryKey(this.state.preset));
    if (li && li.textContent !== text) setText(li, text);
  }

  /** One line per run of the current training: its steps and how it stands (a failure with its error). */
  showRunLines(runs, s) {
    const lines = runs.map((x) => {
      const state =
        x.error !== null
          ? 'failed'
          : x.done
            ? 'done'
            : this.runner?.state === 'stopped'
              ? 'stopped'
              : x.steps > 0 || x.started
                ? 'training'
                : 'queued';
      return {
        failed: x.error !== null,
        text: this.tf('{run}: {steps} of {total} steps, {state}', {
          run: this.runName(x.run, s),
          steps: x.steps,
          total: x.total,
          state: this.tf(`run:${state}`, { message: x.error ?? '' }),
        }),
      };
    });
    const key = lines.map((l) => l.text).join('\n');
    if (this.runLines.dataset.text === key) return;
    this.runLines.dataset.text = key;
    this.runLines.replaceChildren(
      ...lines.map((l) =>
        setText(h('li', { class: l.failed ? 'failed' : null, 'data-failed': l.failed ? '' : null }), l.text),
      ),
    );
  }

  /**
   * The gradient chart of recurrent runs at the longest distance n trained so far: per cell the
   * share of the readout's gradient reaching d steps back, trained (solid) and untrained (dashed).
   * Returns {n, rows, sentence} for lastResult (rows: every distance), or null.
   */
  drawMemory(s, results, colorOf) {
    this.memoryBox.hidden = !s.encodings.some(isCell);
    const rows = memoryTable(results);
    const summary = memorySentence(rows);
    setText(
      this.memorySentence,
      summary ? this.memoryText(summary) : this.t('The gradient chart fills in as runs finish.'),
    );
    if (!rows.length) {
      this.memoryPlot.set({ series: [{ name: '', x: [], y: [] }] });
      return null;
    }
    const n = Math.max(...rows.map((r) => r.n));
    const series = [];
    [...new Set(rows.map((r) => r.group))].forEach((g) => {
      const at = rows.filter((r) => r.group === g && r.n === n);
      if (!at.length) return;
      const color = colorOf(g);
      const x = at.map((r) => r.d);
      const name = this.groupName(g, s);
      series.push({
        name: this.joinParts(name, this.t('trained')),
        legend: name,
        x,
        y: at.map((r) => r.trained),
        color,
      });
      series.push({
        name: this.joinParts(name, this.t('untrained')),
        legend: false,
        x,
        y: at.map((r) => r.untrained),
        color,
        dashed: true,
      });
    });
    const caption = 'Gradient through time at distance {n} (solid: trained, dashed: untrained)';
    this.memoryPlot.caption.textContent = this.tf(caption, { n });
    this.memoryPlot.set({ series });
    return { n, rows, sentence: this.memorySentence.textContent };
  }

  /**
   * One line per finished induction run: its induction head (layer, head, score; the uniform head's
   * score beside it) and the loss on the repeat intact, with that head zeroed and with another head
   * of its layer zeroed. Returns the lines for lastResult (null outside the induction task).
   */
  drawInduction(s, runs) {
    const on = s.task === 'induction' && runs.some((x) => !isCell(x.run.group));
    this.inductionBox.hidden = !on;
    if (!on) return null;
    const f = (x) => (x === null || x === undefined ? 'n/a' : fmt(x, 2));
    const lines = runs
      .filter((x) => x.induction)
      .map((x) => {
        const r = x.induction;
        return this.tf('inductionLine', {
          run: this.joinParts(this.groupName(x.run.group, s), `${this.t('seed')} ${x.run.seed}`),
          head: `L${r.head.layer + 1} H${r.head.head + 1}`,
          score: f(r.head.score),
          uniform: f(r.uniform),
          loss: f(r.loss),
          without: f(r.lossWithoutHead),
          other: f(r.lossWithoutOtherHeads),
        });
      });
    const text = lines.length ? lines : [this.t('The heads are measured as runs finish.')];
    if (this.inductionList.dataset.text !== text.join('\n')) {
      this.inductionList.dataset.text = text.join('\n');
      this.inductionList.replaceChildren(...text.map((line) => setText(h('li'), line)));
    }
    return lines;
  }

  memoryText({ vars }) {
    const f = (x) => (x === null ? 'n/a' : fmt(x, 2));
    const cells = vars.cells
      .map((c) =>
        this.tf('{cell} {untrained} → {trained}', { cell: c.group, untrained: f(c.untrained), trained: f(c.trained) }),
      )
      .join(this.t('list-separator'));
    return this.tf('memorySummary', { ...vars, cells, bestValue: f(vars.bestValue) });
  }

  /**
   * A group's name in the charts: 'lstm-fb0' and the '+rand' / '+attn' flags in words; in a mix of
   * cells and encodings, an encoding is a Transformer.
   */
  groupName(g, s) {
    const spec = groupSpec(g);
    if (!spec) return g;
    if (spec.cell) return spec.cell === 'lstm' ? this.tf('lstm (forget bias {b})', { b: this.groupBias(g, s) }) : g;
    const flags = [
      spec.randomized ? this.t('randomized positions') : null,
      spec.attentionOnly ? this.t('attention-only') : null,
    ]
      .filter(Boolean)
      .join(this.t('list-separator'));
    const name = flags ? `${spec.posenc} (${flags})` : spec.posenc;
    return s.encodings.some(isCell) ? `Transformer (${name})` : name;
  }

  /** The forget bias an 'lstm' or 'lstm-fb0' run starts with (the custom field, or the group's own). */
  groupBias(g, s) {
    return g === 'lstm' && typeof s.forgetBias === 'number' ? fmt(s.forgetBias, 2) : fmt(groupSpec(g).forgetBias, 2);
  }

  sentenceText({ key, vars }, s) {
    const m = vars.metric;
    const f = (x) => (x === null ? 'n/a' : m === 'loss' ? fmt(x, 3) : `${Math.round(x * 100)}%`);
    const name = (g) => this.groupName(g, s);
    const names = (xs) => xs.map(name).join(this.t('list-separator'));
    let out = this.tf(key, {
      ...vars,
      best0: names(vars.best0All),
      best1: names(vars.best1All),
      worst1: vars.worst1 === null ? null : name(vars.worst1),
      metric: this.t(`metric:${m}`),
      value0: f(vars.value0),
      value1: f(vars.value1),
      best1At0: f(vars.best1At0),
      worstValue1: f(vars.worstValue1),
    });
    if (vars.missing.length)
      out += ` ${this.tf('{list}: no number past the training length (no positions there).', { list: names(vars.missing) })}`;
    return out;
  }

  drawModelView(v, s) {
    // nothing to draw (a recurrent net, or before the first step): no empty heatmap either
    this.big.root.hidden = !v;
    if (!v) {
      this.grid.replaceChildren();
      this.thumbs = null;
      const rec = this.loaded ? null : this.pickedRecord();
      this.viewNote.textContent =
        s.encodings.every(isCell) || (rec && isCell(rec.run.group))
          ? this.t('Recurrent nets have no attention to show.')
          : this.t('The heads appear when training starts.');
      this.scores.textContent = '';
      return;
    }
    const rec = this.loaded ? null : this.pickedRecord();
    this.viewNote.textContent = this.loaded
      ? this.tf('Showing the loaded model ({name}).', { name: this.loaded.name })
      : rec?.done
        ? this.tf('Showing {run}, trained ({steps} steps).', {
            run: this.runName(rec.run, this.runner.settings),
            steps: v.steps ?? rec.steps,
          })
        : this.tf('Showing {run} while it trains, after {steps} steps.', {
            run: rec ? this.runName(rec.run, this.runner.settings) : '',
            steps: v.steps ?? 0,
          });
    const { layers, heads, T, weights } = v;
    if (!this.thumbs || this.thumbs.length !== layers * heads) {
      this.thumbs = [];
      this.grid.style.gridTemplateColumns = `repeat(${heads}, auto)`;
      for (let l = 0; l < layers; l++)
        for (let hh = 0; hh < heads; hh++) {
          const hm = new Heatmap({
            title: `L${l + 1} H${hh + 1}`,
            size: 80,
            compact: true,
            t: (x) => this.t(x),
            onSelect: () => this.selectHead(l, hh),
          });
          hm.root.addEventListener('click', () => this.selectHead(l, hh));
          this.thumbs.push(hm);
        }
      this.grid.replaceChildren(...this.thumbs.map((x) => x.root));
    }
    const block = (l, hh) => weights.subarray((l * heads + hh) * T * T, ((l * heads + hh) * T + T) * T);
    for (let l = 0; l < layers; l++)
      for (let hh = 0; hh < heads; hh++) {
        const hm = this.thumbs[l * heads + hh];
        const sc = v.scores?.[l * heads + hh];
        hm.caption.textContent = `L${l + 1} H${hh + 1}${sc !== undefined && sc !== null ? `${this.t('sep')}${this.t('induction')} ${fmt(sc, 2)}` : ''}`;
        hm.set({ data: block(l, hh), rows: T, cols: T, domain: [0, 1] });
      }
    const { layer, head } = this.selected;
    const sl = Math.min(layer, layers - 1),
      sh = Math.min(head, heads - 1);
    const vocabText = this.tokenLabels(s, this.loaded?.config?.vocab);
    const labels = (v.tokens ?? []).map((i) => vocabText[i] ?? String(i));
    this.bigLabels = labels.length === T ? labels : null;
    this.big.caption.textContent = `${this.t('Selected head')}: L${sl + 1} H${sh + 1}`;
    this.big.set({
      data: block(sl, sh),
      rows: T,
      cols: T,
      domain: [0, 1],
      xLabels: labels.length === T ? labels : undefined,
      yLabels: labels.length === T ? labels : undefined,
    });
    this.bigData = block(sl, sh);
    this.scores.textContent = v.scores
      ? `${this.t('Induction score per head (attention to the token after the previous occurrence)')}: ${v.scores.map((x, i) => `L${Math.floor(i / heads) + 1}H${(i % heads) + 1} ${fmt(x, 2)}`).join(this.t('sep'))}${
          typeof v.uniform === 'number' ? ` (${this.tf('a uniform causal head: {u}', { u: fmt(v.uniform, 2) })})` : ''
        }`
      : '';
  }

  selectHead(layer, head) {
    this.selected = { layer, head };
    this.drawnView = undefined;
    this.invalidate();
  }

  hoverBig(c) {
    if (!c || !this.bigData) {
      this.bigReadout.textContent = '';
      return;
    }
    const T = Math.round(Math.sqrt(this.bigData.length));
    const w = fmt(this.bigData[c.i * T + c.j], 4);
    const l = this.bigLabels;
    this.bigReadout.textContent = l
      ? this.tf("query '{q}' ({i}) → key '{k}' ({j}): {w}", { q: l[c.i], i: c.i, k: l[c.j], j: c.j, w })
      : this.tf('query {i} → key {j}: weight {w}', { i: c.i, j: c.j, w });
  }

  exportData() {
    const r = this.lastResult;
    if (!r) throw new Error('Nothing computed yet.');
    return {
      table: r.table,
      curves: r.curves.map((c) => ({ name: c.name, steps: c.x, loss: c.y })),
      ...(r.memory ? { gradientThroughTime: r.memory.rows } : {}),
    };
  }
}

define('seqlab-train', SeqlabTrain);
