// latency.mjs — how the attention view answers a slider drag in headless Chromium. The
// temperature slider is dragged with real pointer input (the browser's own input pipeline,
// which hands moves to the page at the start of a frame). For each input event:
//   inFrame  — from the input event to the end of the page's work for that frame: recompute,
//              redraw of the steps, style and layout. The browser paints right after; under one
//              frame (16.7 ms) means the change shows in the next displayed frame;
//   complete — from the input event until the last per-head thumbnail is filled in (the same
//              as inFrame when the whole view fits in one frame's work).
// Over the whole drag: animation frames that came late (more than 1.5 frame intervals after the
// previous one) and the longest main-thread task reported by the browser (tasks > 50 ms).
import { launch, openPage, serveWeb } from '../tests/browser/browser.mjs';

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

export async function measureLatency({ tokens = 512, heads = 8, reps = 15, settleMs = 2500 } = {}) {
  const browser = await launch();
  const server = await serveWeb();
  try {
    const text = Array.from({ length: tokens }, (_, i) => `t${i}`).join(' ');
    const { page, errors } = await openPage(
      browser,
      `${server.url}#attention.heads=${heads}&attention.text=${encodeURIComponent(text)}`,
    );
    await page.waitForFunction((n) => document.querySelector('seqlab-attention')?.lastResult?.n === n, tokens, {
      timeout: 60000,
    });
    await page.waitForTimeout(settleMs); // idle-time warm-up of the core, as a reader would have
    await page.evaluate(() => {
      const w = document.querySelector('seqlab-attention');
      const slider = w.shadowRoot.querySelector('#p-temperature');
      const log = { inputs: [], longest: 0, frames: [], current: null, recording: true };
      window.latencyLog = log;
      slider.addEventListener(
        'input',
        () => {
          log.current = { t0: performance.now(), inFrame: null, complete: null };
          log.inputs.push(log.current);
        },
        { capture: true },
      );
      w.addEventListener('seqlab-update', (ev) => {
        const cur = log.current;
        if (!cur) return;
        const now = () => {
          w.getBoundingClientRect(); // style and layout, which the paint would otherwise do
          return performance.now() - cur.t0;
        };
        if (cur.inFrame === null) cur.inFrame = now();
        if (!ev.detail?.partial) cur.complete = now();
      });
      let last = 0;
      const frame = (t) => {
        if (last) log.frames.push(t - last);
        last = t;
        if (log.recording) requestAnimationFrame(frame);
      };
      requestAnimationFrame(frame);
      new PerformanceObserver((list) => {
        for (const e of list.getEntries()) log.longest = Math.max(log.longest, e.duration);
      }).observe({ type: 'longtask' });
    });
    const box = await page.locator('seqlab-attention #p-temperature').boundingBox();
    const y = box.y + box.height / 2;
    await page.mouse.move(box.x + 4, y);
    await page.mouse.down();
    for (let i = 0; i < reps; i++) {
      // jump between points spread over the track, so every move changes the value
      const x = box.x + box.width * (0.2 + (0.6 * ((i * 7) % 10)) / 10);
      const before = await page.evaluate(() => window.latencyLog.inputs.length);
      await page.mouse.move(x, y);
      await page.waitForFunction(
        (k) => {
          const l = window.latencyLog;
          return l.inputs.length > k && l.inputs[l.inputs.length - 1].complete !== null;
        },
        before,
        { timeout: 30000 },
      );
    }
    await page.mouse.up();
    const log = await page.evaluate(() => {
      window.latencyLog.recording = false;
      return window.latencyLog;
    });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    const done = log.inputs.filter((e) => e.complete !== null);
    if (done.length === 0) throw new Error('the drag produced no input events on the slider');
    const interval = median(log.frames);
    return {
      inFrame: median(done.map((e) => e.inFrame)),
      complete: median(done.map((e) => e.complete)),
      inputs: done.length,
      frames: log.frames.length,
      lateFrames: log.frames.filter((f) => f > 1.5 * interval).length,
      frameInterval: interval,
      longestTask: log.longest,
    };
  } finally {
    await browser.close();
    await server.close();
  }
}

/**
 * Main-thread time of one recompute and redraw of every view of the lab, at its defaults and
 * with every size setting at its maximum (work a view defers to later slices is not counted:
 * it runs in tasks of its own). Median of 5 in headless Chromium, ms.
 */
export async function measureViews({ settleMs = 2500 } = {}) {
  const browser = await launch();
  const server = await serveWeb();
  try {
    const { page, errors } = await openPage(browser, server.url);
    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('seqlab-')).every((e) => e.lastResult),
      null,
      { timeout: 60000 },
    );
    await page.waitForTimeout(settleMs);
    const rows = await page.evaluate(() => {
      const median = (f) => {
        const t = [];
        for (let i = 0; i < 5; i++) {
          const t0 = performance.now();
          f();
          t.push(performance.now() - t0);
        }
        return t.sort((a, b) => a - b)[2];
      };
      const out = [];
      for (const el of document.querySelectorAll('*')) {
        if (!el.localName.startsWith('seqlab-') || !el.constructor.params) continue;
        const atDefault = median(() => el.refresh());
        // sizes to their maximum (seeds, positions and indices left alone), kept even
        const patch = {};
        for (const [name, spec] of Object.entries(el.constructor.params)) {
          if (spec.type !== 'int' || /seed|step|unit|row|col|head$|^t2?$|^k$|^m$/.test(name) || spec.max >= 100000)
            continue;
          const max = spec.values ? Math.max(...spec.values) : spec.max;
          patch[name] = max % 2 && max > 1 ? max - 1 : max;
        }
        if (el.localName === 'seqlab-attention') patch.text = Array.from({ length: 512 }, (_, i) => `t${i}`).join(' ');
        el.setState(patch);
        const atMax = median(() => el.refresh());
        const error = el.shadowRoot.querySelector('.error')?.textContent ?? '';
        const shown = Object.entries(patch)
          .map(([k, v]) => (k === 'text' ? `${v.split(' ').length} tokens` : `${k}=${v}`))
          .join(' ');
        out.push({ view: el.localName, atDefault, atMax, patch: shown, error });
      }
      return out;
    });
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return rows;
  } finally {
    await browser.close();
    await server.close();
  }
}
