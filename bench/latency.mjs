// latency.mjs — input-to-paint of the attention view in headless Chromium: the time from a
// slider's input event to the first animation frame after the widget has recomputed and redrawn.
import { launch, openPage, serveWeb } from '../tests/browser/browser.mjs';

export async function measureLatency({ tokens = 512, heads = 8, reps = 15, settleMs = 2500 } = {}) {
  const browser = await launch();
  const server = await serveWeb();
  try {
    const text = Array.from({ length: tokens }, (_, i) => `t${i}`).join(' ');
    const { page, errors } = await openPage(browser, `${server.url}#attention.heads=${heads}&attention.text=${encodeURIComponent(text)}`);
    await page.waitForFunction((n) => document.querySelector('seqlab-attention')?.lastResult?.n === n, tokens, { timeout: 60000 });
    await page.waitForTimeout(settleMs); // idle-time warm-up of the core, as a reader would have
    const times = await page.evaluate(async (k) => {
      const w = document.querySelector('seqlab-attention');
      const slider = w.shadowRoot.querySelector('#p-temperature');
      const out = [];
      for (let i = 0; i < k; i++) {
        await new Promise((ok) => requestAnimationFrame(ok));
        const t0 = performance.now();
        slider.value = String(0.5 + (i % 10) / 10);
        slider.dispatchEvent(new Event('input'));
        await new Promise((ok) => w.addEventListener('seqlab-update', ok, { once: true }));
        await new Promise((ok) => requestAnimationFrame(ok)); // the frame that shows it
        out.push(performance.now() - t0);
      }
      return out;
    }, reps);
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return times.sort((a, b) => a - b)[times.length >> 1];
  } finally {
    await browser.close();
    await server.close();
  }
}
