// trained.js — the trained-model option of <seqlab-attention>: a model saved by the training lab
// (<seqlab-train>'s Save model, sl.loadModel) shows its own heads on the reader's sentence, next to
// the random projections the view draws otherwise, and says plainly which is which. The file's
// bytes stay with the widget (widget.trainedFile), so a rebuild (a language change) or a move in
// the page keeps the model; the core's copy is made when needed and freed by dispose().
import { fmt, h } from '../../core/dom.js';
import { Heatmap } from '../../plot/heatmap.js';

/**
 * The reader's tokens as the model's ids. A character model (vocab = the corpus's characters)
 * reads the sentence's characters (unknown ones dropped); any other model reads each distinct word
 * as the next id in order of first appearance, modulo its vocabulary (its ids carry no words).
 * Returns {ids, labels, how: 'characters'|'words'}.
 */
export function tokensToIds(tokens, vocab, corpusChars) {
  if (corpusChars && corpusChars.length === vocab) {
    const ids = [],
      labels = [];
    for (const c of [...tokens.join(' ')]) {
      const i = corpusChars.indexOf(c);
      if (i >= 0) (ids.push(i), labels.push(c === ' ' ? '␣' : c));
    }
    return { ids, labels, how: 'characters' };
  }
  const seen = new Map();
  const ids = tokens.map((t) => {
    if (!seen.has(t)) seen.set(t, seen.size % vocab);
    return seen.get(t);
  });
  return { ids, labels: tokens.slice(), how: 'words' };
}

const corpusChars = (sl) => [...new Set(sl.corpus)].sort((a, b) => a.codePointAt(0) - b.codePointAt(0));

/** Adds the panel to the widget's frame; returns {root, update(tokens), load(bytes, name), dispose()}. */
export function trainedPanel(widget) {
  const t = (x) => widget.t(x);
  const note = h('p', {
    class: 'hint',
    'data-trained-note': '',
    text: t('No trained model loaded: the heads above come from random projections of random embeddings.'),
  });
  const grid = h('div', { class: 'heads', 'data-trained-grid': '' });
  const file = h('input', {
    type: 'file',
    accept: '.sqlb,application/octet-stream',
    'aria-label': t('Load a trained model (.sqlb)'),
  });
  const panel = h(
    'details',
    { class: 'trained', 'data-part': 'trained' },
    h('summary', { text: t('Trained model') }),
    h('p', {
      class: 'hint',
      text: t('Load a model saved by the training lab (or drop the file here) to see its own heads on your sentence.'),
    }),
    file,
    note,
    grid,
  );
  let model = null,
    name = '';
  const state = { tokens: null };
  // a new file is checked in full before it replaces the one shown
  const open = (bytes) => {
    const m = widget.sl.loadModel(bytes);
    if (m.config.kind && m.config.kind !== 'transformer') {
      m.dispose();
      throw new Error(t('This model is a recurrent net: it has no attention heads.'));
    }
    return m;
  };
  const load = (bytes, fileName) => {
    const m = open(bytes);
    model?.dispose();
    model = m;
    name = fileName;
    widget.trainedFile = { bytes: bytes.slice(), name };
    widget.modelSrcError = null; // a model shown now: an earlier model-src failure is over
    panel.open = true;
    if (state.tokens) update(state.tokens);
  };
  const dispose = () => {
    model?.dispose();
    model = null;
  };
  const update = (tokens) => {
    state.tokens = tokens;
    if (!model && widget.trainedFile && widget.sl) {
      // the widget's file, after a rebuild or a return to the page
      model = open(widget.trainedFile.bytes);
      name = widget.trainedFile.name;
      panel.open = true;
    }
    if (!model) {
      widget.trainedResult = null;
      return;
    }
    const c = model.config;
    const map = tokensToIds(tokens, c.vocab, corpusChars(widget.sl));
    const T = Math.min(map.ids.length, c.posenc === 'learned' ? c.maxLen : 256);
    if (T === 0) {
      note.textContent = t("None of these tokens is in the model's vocabulary.");
      grid.replaceChildren();
      return;
    }
    const r = model.forward({ tokens: Int32Array.from(map.ids.slice(0, T)), batch: 1, T });
    const labels = map.labels.slice(0, T);
    widget.trainedResult = { name, config: c, ids: map.ids.slice(0, T), how: map.how, T, weights: r.attention };
    note.textContent = widget.tf(
      map.how === 'characters'
        ? 'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on the characters of your sentence; the heads above still come from random projections.'
        : 'Showing the trained model {name} ({layers} layers × {heads} heads, {posenc}) on your sentence, each distinct word read as the next of its token ids; the heads above still come from random projections.',
      { name, layers: c.layers, heads: c.heads, posenc: c.posenc },
    );
    const maps = [];
    for (let l = 0; l < c.layers; l++)
      for (let hd = 0; hd < c.heads; hd++) {
        const hm = new Heatmap({ title: `L${l + 1} H${hd + 1}`, size: 120, t, xTitle: t('key'), yTitle: t('query') });
        const off = (l * c.heads + hd) * T * T;
        hm.set({
          data: r.attention.subarray(off, off + T * T),
          rows: T,
          cols: T,
          domain: [0, 1],
          xLabels: labels,
          yLabels: labels,
          describe: () => `${t('trained head')} L${l + 1} H${hd + 1}, ${fmt(T)}×${fmt(T)}`,
        });
        maps.push(hm.root);
      }
    grid.replaceChildren(...maps);
  };
  const fromFile = async (f) => {
    try {
      load(new Uint8Array(await f.arrayBuffer()), f.name);
      widget.showError(null);
    } catch (err) {
      widget.showError(err);
    }
  };
  file.addEventListener('change', () => file.files[0] && fromFile(file.files[0]));
  panel.addEventListener('dragover', (ev) => ev.preventDefault());
  panel.addEventListener('drop', (ev) => {
    ev.preventDefault();
    const f = ev.dataTransfer?.files?.[0];
    if (f) fromFile(f);
  });
  return { root: panel, update, load, dispose };
}
