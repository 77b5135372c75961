// browser.mjs — shared by the browser tests: Debian's Chromium driven by playwright-core (never
// a downloaded browser), a static server on 127.0.0.1, and a recorder of console errors and of
// every request, so a test can assert that a page stays within its own files.
import { chromium } from 'playwright-core';
import { after, before } from 'node:test';
import { fileURLToPath } from 'node:url';

import { serve } from '../../tools/serve.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/** Serves web/ on an ephemeral port; returns {url, close}. */
export async function serveWeb(dir = `${ROOT}web`) {
  const server = await serve(dir, 0);
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Opens url in a fresh page and records console errors, page errors and foreign requests. */
export async function openPage(browser, url, { viewport = { width: 1400, height: 1000 } } = {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  const requests = [];
  page.on(
    'console',
    (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`console.${m.type()}: ${m.text()}`),
  );
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, errors, requests };
}

/** Waits until the widget has computed once (its lastResult is set). */
export async function waitForWidget(page, selector) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.lastResult, selector, { timeout: 20000 });
}

/** Waits until every widget of the page has computed and none has work left for later. */
export async function waitForAllWidgets(page) {
  await page.waitForFunction(
    () => {
      const all = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('seqlab-'));
      return all.length > 0 && all.every((e) => e.lastResult && !e.deferred);
    },
    null,
    { timeout: 60000 },
  );
}

/**
 * One browser and one server for a test file: registers before/after hooks and returns an
 * object whose browser, server fields are set once the hooks have run (or `await ctx.start()`
 * has resolved). The server serves web/,
 * or dir (ROOT: the test pages under tests/browser/pages and the built files they name).
 */
export function useBrowser({ dir } = {}) {
  const ctx = { browser: null, server: null };
  let started = null;
  // ctx.start(): the same start for this hook and for a test file's own before hooks (which can
  // run before this one has finished)
  ctx.start = () =>
    (started ??= (async () => {
      ctx.browser = await launch();
      ctx.server = await serveWeb(dir);
      return ctx;
    })());
  before(() => ctx.start());
  after(async () => {
    await ctx.browser?.close();
    await ctx.server?.close();
  });
  return ctx;
}

/** The JS heap after a full collection, and the WebAssembly memory, of a page. */
export async function memoryOf(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('HeapProfiler.collectGarbage');
  const heap = (await cdp.send('Runtime.getHeapUsage')).usedSize;
  const wasm = await page.evaluate(async () => (await window.seqlab.loadSeqlab()).memoryStats());
  await cdp.detach();
  return { heap, wasm };
}
