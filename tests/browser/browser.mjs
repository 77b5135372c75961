// browser.mjs — shared by the browser tests: Debian's Chromium driven by playwright-core (never
// a downloaded browser), a static server on 127.0.0.1, and a recorder of console errors and of
// every request, so a test can assert that a page stays within its own files.
import { chromium } from 'playwright-core';
import { fileURLToPath } from 'node:url';

import { serve } from '../../tools/serve.mjs';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

/** Serves web/ on an ephemeral port; returns {url, close}. */
export async function serveWeb() {
  const server = await serve(`${ROOT}web`, 0);
  return { url: `http://127.0.0.1:${server.address().port}/`, close: () => new Promise((ok) => server.close(ok)) };
}

/** Opens url in a fresh page and records console errors, page errors and foreign requests. */
export async function openPage(browser, url, { viewport = { width: 1400, height: 1000 } } = {}) {
  const page = await browser.newPage({ viewport });
  const errors = [];
  const requests = [];
  page.on('console', (m) => (m.type() === 'error' || m.type() === 'warning') && errors.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => errors.push(`pageerror: ${e.message}`));
  page.on('request', (r) => requests.push(r.url()));
  await page.goto(url);
  return { page, errors, requests };
}

/** Waits until the widget has computed once (its lastResult is set). */
export async function waitForWidget(page, selector) {
  await page.waitForFunction((sel) => document.querySelector(sel)?.lastResult, selector, { timeout: 20000 });
}
