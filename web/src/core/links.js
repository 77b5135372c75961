// links.js — the names of the lab's widgets in links: every widget's section id, state key and
// anchor are one name (its tag without seqlab-); links of earlier versions are rewritten here.

/** Section ids and state keys of earlier versions of the page, and their names now. */
const OLD_NAMES = { transformer: 'transformer-calc', compare: 'posenc-compare', scaling: 'dot-scaling' };

/**
 * Old links keep working: #transformer (an anchor) and #transformer.dModel=… (a state key) are
 * rewritten to the one name every section, state key and anchor now share. Runs before the
 * widgets read the hash.
 */
export function redirectOldNames() {
  const raw = location.hash.slice(1);
  if (!raw) return;
  if (OLD_NAMES[raw]) {
    history.replaceState(null, '', `#${OLD_NAMES[raw]}`);
    return;
  }
  if (!raw.includes('=')) return;
  const q = new URLSearchParams(raw);
  const out = new URLSearchParams();
  let changed = false;
  for (const [k, v] of q) {
    const [head, ...rest] = k.split('.');
    if (rest.length && OLD_NAMES[head]) {
      out.append([OLD_NAMES[head], ...rest].join('.'), v);
      changed = true;
    } else if ((k === 'view' || k === 'only') && OLD_NAMES[v]) {
      out.append(k, OLD_NAMES[v]);
      changed = true;
    } else out.append(k, v);
  }
  if (changed) history.replaceState(null, '', `#${out.toString()}`);
}

// Before any widget reads the hash (widgets upgrade as soon as their module defines them).
if (typeof document !== 'undefined' && document.body?.hasAttribute('data-seqlab-page')) redirectOldNames();
