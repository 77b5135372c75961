// page.js — the lab page's own controls (language, digits, theme). Runs only on a page that
// asks for it (<body data-seqlab-page>), so embedding the bundle elsewhere changes nothing.
const widgets = () => [...document.querySelectorAll('body *')].filter((el) => el.localName.startsWith('seqlab-'));

function setHashParam(key, value) {
  const q = new URLSearchParams(location.hash.slice(1));
  if (value) q.set(key, value);
  else q.delete(key);
  const hash = q.toString();
  history.replaceState(null, '', hash ? `#${hash}` : location.pathname + location.search);
}

function apply() {
  const q = new URLSearchParams(location.hash.slice(1));
  const lang = q.get('lang') === 'fa' ? 'fa' : 'en';
  const digits = q.get('digits') === 'fa';
  const theme = ['light', 'dark'].includes(q.get('theme')) ? q.get('theme') : '';
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'fa' ? 'rtl' : 'ltr';
  if (theme) document.documentElement.dataset.theme = theme;
  else delete document.documentElement.dataset.theme;
  for (const el of widgets()) {
    if (theme) el.setAttribute('theme', theme);
    else el.removeAttribute('theme');
  }
  for (const el of document.querySelectorAll('[data-lang]')) el.hidden = el.dataset.lang !== lang;
  const langSel = document.getElementById('page-lang');
  if (langSel) langSel.value = lang;
  const digitBox = document.getElementById('page-digits');
  if (digitBox) {
    digitBox.checked = digits;
    digitBox.disabled = lang !== 'fa';
  }
  const themeSel = document.getElementById('page-theme');
  if (themeSel) themeSel.value = theme || 'auto';
}

export function initPage() {
  if (!document.body?.hasAttribute('data-seqlab-page')) return;
  document.getElementById('page-lang')?.addEventListener('change', (ev) => {
    setHashParam('lang', ev.target.value === 'fa' ? 'fa' : '');
    if (ev.target.value !== 'fa') setHashParam('digits', '');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  document.getElementById('page-digits')?.addEventListener('change', (ev) => {
    setHashParam('digits', ev.target.checked ? 'fa' : '');
    window.dispatchEvent(new HashChangeEvent('hashchange'));
  });
  document.getElementById('page-theme')?.addEventListener('change', (ev) => {
    setHashParam('theme', ev.target.value === 'auto' ? '' : ev.target.value);
    apply();
  });
  window.addEventListener('hashchange', apply);
  apply();
}
