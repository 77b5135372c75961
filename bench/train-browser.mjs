// train-browser.mjs — the training lab in headless Chromium, on the page readers open
// (web/index.html from file://, every other widget of the lab beside it): the wall time of each
// preset's default run with Web Workers, steps per second per worker (all runs), the first run's rate in its worker
// against the same run trained in Node (one thread), and input-to-paint latency while training
// runs (the pointer moved over the loss chart's hover readout: a real pointer move, from the
// event's timestamp to the next animation frame after it was handled).
// BENCH_QUICK=1: the quick presets only.
import { pathToFileURL } from 'node:url';

import { chromium } from 'playwright-core';

import { planRuns, TrainingRun } from '../wasm/experiments.mjs';
import { loadSeqlab } from '../wasm/seqlab.mjs';
import { presetSettings } from '../web/src/widgets/train/model.js';

const ROOT = new URL('..', import.meta.url).pathname;
// (not tests/browser/browser.mjs: it registers node:test hooks, which end a plain script's browser)
const launch = () =>
  chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
  });

const PRESETS = ['copy-lengths', 'induction', 'rnn-memory', 'lm-lengths'];

/**
 * Steps per second of the preset's first run in Node, 60 steps after 10 of warm-up, with the
 * run's own settings (the same held-out evaluation every evalEvery steps as in the page).
 */
function nodeRate(sl, s) {
  const run = planRuns(s)[0];
  const tr = new TrainingRun(sl, run);
  tr.step(10);
  const t0 = performance.now();
  tr.step(60);
  const rate = 60 / ((performance.now() - t0) / 1000);
  tr.dispose();
  return rate;
}

export async function measureTraining({ quick = false, log = console.log } = {}) {
  const sl = await loadSeqlab();
  const browser = await launch();
  const rows = [];
  try {
    for (const preset of PRESETS) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      page.on('crash', () => log(`  ${preset}: the page crashed`));
      page.on('pageerror', (e) => log(`  ${preset}: ${e.message}`));
      const hash = `train.preset=${preset}${quick ? '&train.quick=1' : ''}`;
      await page.goto(`${pathToFileURL(`${ROOT}web/index.html`).href}#${hash}`);
      // every widget of the lab has drawn (their first paint is not the training's)
      await page.waitForFunction(
        () => {
          const all = [...document.querySelectorAll('*')].filter((e) => e.localName.startsWith('seqlab-'));
          return all.length > 0 && all.every((e) => e.lastResult && !e.deferred);
        },
        null,
        { timeout: 60000 },
      );
      await page.evaluate(() => {
        window.latencies = [];
        const plot = document.querySelector('seqlab-train').shadowRoot.querySelector('figure.lineplot svg');
        plot.scrollIntoView({ block: 'center' }); // the pointer moves over it, so it must be on screen
        plot.addEventListener('pointermove', (ev) =>
          requestAnimationFrame(() => window.latencies.push(performance.now() - ev.timeStamp)),
        );
        document.querySelector('seqlab-train').shadowRoot.querySelector('[data-act=start]').click();
      });
      const t0 = Date.now();
      // move the pointer over the loss chart while it trains
      await page.waitForFunction(() => document.querySelector('seqlab-train').runner?.totals.steps > 0, null, {
        timeout: 60000,
      });
      const box = await page.evaluate(() => {
        const r = document
          .querySelector('seqlab-train')
          .shadowRoot.querySelector('figure.lineplot svg')
          .getBoundingClientRect();
        return { x: r.x, y: r.y, w: r.width, h: r.height };
      });
      for (let i = 0; i < 12; i++) {
        await page.mouse.move(box.x + box.w * (0.2 + 0.05 * i), box.y + box.h / 2);
        await page.waitForTimeout(80);
      }
      await page.waitForFunction(() => document.querySelector('seqlab-train').lastResult?.state === 'finished', null, {
        timeout: 600000,
        polling: 200,
      });
      const wall = (Date.now() - t0) / 1000;
      const r = await page.evaluate(() => {
        const w = document.querySelector('seqlab-train');
        const runs = w.runner.runs;
        return {
          wall: w.runner.wall / 1000,
          perWorker: runs.reduce((a, x) => a + x.steps, 0) / (runs.reduce((a, x) => a + x.ms, 0) / 1000),
          // the first run alone: the same model and sequence length as the Node figure
          firstRun: runs[0].steps / (runs[0].ms / 1000),
          runs: runs.length,
          mode: w.lastResult.mode,
          latencies: window.latencies.sort((a, b) => a - b),
        };
      });
      const s = presetSettings(preset, { quick });
      const node = nodeRate(sl, s);
      const med = r.latencies[Math.floor(r.latencies.length / 2)] ?? NaN;
      rows.push({ preset, ...r, node, wallPage: wall, latencyMedian: med, latencyMax: r.latencies.at(-1) ?? NaN });
      log(
        `  ${preset.padEnd(13)} ${String(r.runs).padStart(3)} runs (${r.mode}) ${r.wall.toFixed(1).padStart(6)} s   ` +
          `${r.perWorker.toFixed(0).padStart(5)} steps/s per worker; first run ${r.firstRun.toFixed(0)} in a worker, ` +
          `${node.toFixed(0)} in Node (${(r.firstRun / node).toFixed(2)}×)   ` +
          `input to paint ${med.toFixed(1)} ms median, ${(r.latencies.at(-1) ?? NaN).toFixed(1)} ms max`,
      );
      await page.close();
    }
  } finally {
    await browser.close();
  }
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log('training lab in headless Chromium, each preset with Web Workers:');
  await measureTraining({ quick: process.env.BENCH_QUICK === '1' });
}
