// Browser test of the live page in Debian's headless Chromium (playwright-core, no browser
// download). Starts the demo with the page, checks the live level chart, colouring by a
// level, brush selection with thumbnails, tile-to-point linking, metadata and batch views,
// kills and restarts the server and waits for the page to reconnect; then loads a synthetic
// map of LOAD_POINTS points and measures time to first paint and frame times.
// Env: CURATE_CMD (JSON argv that runs the curate CLI), OUT_DIR (screenshots, results.json),
// CHROMIUM (default /usr/bin/chromium), LOAD_POINTS (default 1000000), PARTS (default
// "demo,load"; "load" runs only the load test).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const cmd = JSON.parse(process.env.CURATE_CMD || '[]');
const outDir = process.env.OUT_DIR || path.join(here, '..', '..', 'target', 'browser-test');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const loadPoints = Number(process.env.LOAD_POINTS || 1000000);
const parts = (process.env.PARTS || 'demo,load').split(',');
const results = { steps: [] };
fs.mkdirSync(outDir, { recursive: true });
if (cmd.length === 0) {
  throw new Error('CURATE_CMD is not set: give the argv that runs the curate CLI as JSON');
}

function log(step, extra = {}) {
  const line = { step, atMs: Math.round(performance.now()), ...extra };
  results.steps.push(line);
  console.log(JSON.stringify(line));
}

/** Starts the CLI; resolves with the child and the page URL it prints. */
function startCurate(args, name) {
  const child = spawn(cmd[0], [...cmd.slice(1), ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const logFile = fs.createWriteStream(path.join(outDir, `${name}.log`));
  child.stderr.pipe(logFile);
  return new Promise((resolve, reject) => {
    let buf = '';
    const timer = setTimeout(() => reject(new Error(`${name}: no page URL in 120 s`)), 120000);
    child.stdout.on('data', (d) => {
      logFile.write(d);
      buf += d.toString();
      const m = buf.match(/(?:live page on|serving the page on) (http:\/\/[\d.]+:(\d+)\/)/);
      if (m) {
        clearTimeout(timer);
        child.stdout.removeAllListeners('data');
        child.stdout.on('data', (more) => logFile.write(more));
        resolve({ child, url: m[1], port: Number(m[2]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`${name} exited with ${code}; see ${name}.log`)));
  });
}

function kill(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    child.removeAllListeners('exit');
    child.on('exit', () => resolve());
    child.kill('SIGKILL');
  });
}

const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1,
  Math.ceil(p * a.length) - 1)];
const round1 = (v) => Math.round(v * 10) / 10;
const stat = (page, expr) => page.evaluate(expr);
async function shot(page, name) {
  await page.screenshot({ path: path.join(outDir, `${name}.png`), fullPage: true });
}

const browser = await chromium.launchPersistentContext(
  fs.mkdtempSync(path.join(os.tmpdir(), 'curate-chromium-')), {
    executablePath: chromiumPath,
    headless: true,
    viewport: { width: 1400, height: 1000 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--use-gl=angle', '--use-angle=swiftshader', '--enable-unsafe-swiftshader'],
  });
const children = [];
try {
  if (parts.includes('demo')) {
    await demoPart();
  }
  if (parts.includes('load')) {
    await loadPart();
  }
  results.ok = true;
} catch (e) {
  results.ok = false;
  results.error = String(e && e.stack ? e.stack : e);
  console.error(results.error);
} finally {
  for (const c of children) {
    await kill(c);
  }
  await browser.close();
  fs.writeFileSync(path.join(outDir, 'results.json'), JSON.stringify(results, null, 2));
}
process.exit(results.ok ? 0 : 1);

async function demoPart() {
  const demoOut = path.join(outDir, 'demo-out');
  const demo = await startCurate(['demo', '--serve', '--port', '0', '--out', demoOut,
    '--train-steps', '0',
    '--replay', path.join(here, 'events.jsonl'), '--replay-interval-ms', '300',
    '--metadata-stats', path.join(here, 'stats.csv')], 'demo');
  children.push(demo.child);
  log('demo started', { url: demo.url });
  const page = await browser.newPage();
  page.on('pageerror', (e) => log('page error', { message: e.message }));
  await page.goto(demo.url);
  await page.waitForSelector('#conn[data-state="open"]', { timeout: 30000 });
  log('page open');

  // the level chart updates live: iterations arrive as live events, not only as history
  await page.waitForFunction(() => Number(document.getElementById('objective-chart')
    .dataset.live || 0) >= 1, null, { timeout: 120000 });
  const first = await stat(page, () => window.curatePage.liveIterations);
  await page.waitForFunction((n) => window.curatePage.liveIterations > n, first,
    { timeout: 60000 });
  results.liveIterations = await stat(page, () => window.curatePage.liveIterations);
  log('level chart live', { before: first, after: results.liveIterations });

  // the map arrives after clustering; colour it by a level
  await page.waitForFunction(() => document.getElementById('map').dataset.points === '6728',
    null, { timeout: 120000 });
  results.webgl = await stat(page, () => window.curatePage.webgl);
  log('map drawn', { webgl: results.webgl });
  await page.selectOption('#color-by', { label: 'level 2' });
  await page.waitForFunction(() => document.getElementById('map').dataset.colorBy
    === 'level 2', null, { timeout: 30000 });
  log('coloured by level 2');
  await page.waitForFunction(() => document.getElementById('sizes-chart').dataset.levels
    === '3', null, { timeout: 60000 });

  // brush-select (shift + drag, rectangle) and get thumbnails for the selection
  const map = await page.locator('#map').boundingBox();
  await page.locator('#map').scrollIntoViewIfNeeded();
  const box = await page.locator('#map').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.keyboard.down('Shift');
  await page.mouse.move(cx - 120, cy - 120);
  await page.mouse.down();
  for (let s = 1; s <= 12; s += 1) {
    await page.mouse.move(cx - 120 + 20 * s, cy - 120 + 20 * s);
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.waitForFunction(() => Number(document.getElementById('map').dataset.selected) > 0,
    null, { timeout: 30000 });
  results.brushSelected = await stat(page, () => window.curatePage.selected.length);
  await page.waitForFunction(() => {
    const imgs = [...document.querySelectorAll('#selection-grid img')];
    return imgs.length > 0 && imgs.every((i) => i.complete && i.naturalWidth === 64);
  }, null, { timeout: 30000 });
  results.thumbnails = await page.locator('#selection-grid img').count();
  log('brush selection', { selected: results.brushSelected, thumbnails: results.thumbnails,
    mapBox: map });

  // hover a point: its thumbnail follows the mouse
  const target = await stat(page, () => {
    const i = window.curatePage.selected[0];
    const [x, y] = window.curatePage.scatterplot.getScreenPosition(i);
    return { i, x, y };
  });
  await page.mouse.move(box.x + target.x, box.y + target.y);
  await page.waitForFunction(() => {
    const t = document.getElementById('hover-thumb');
    return !t.hidden && t.complete && t.naturalWidth === 64;
  }, null, { timeout: 15000 });
  log('hover thumbnail', { tile: await stat(page, () => document
    .getElementById('hover-thumb').dataset.tile) });

  // click a tile: its point is highlighted and its cluster path shown
  const clicked = await page.locator('#selection-grid img').first().getAttribute('data-tile');
  await page.locator('#selection-grid img').first().click();
  await page.waitForFunction((t) => document.getElementById('tile-path').dataset.tile === t,
    clicked, { timeout: 15000 });
  results.tilePath = await page.locator('#tile-path').textContent();
  log('tile clicked', { tile: clicked, path: results.tilePath });

  // metadata sampling and batches from the replayed trainer log
  await page.waitForFunction(() => document.getElementById('metadata-chart').dataset.groups
    === '7', null, { timeout: 30000 });
  await page.waitForFunction(() => Number(document.getElementById('strata-chart').dataset
    .batches) >= 10 && Number(document.getElementById('loss-chart').dataset.steps) >= 10,
  null, { timeout: 30000 });
  results.batches = await stat(page, () => window.curatePage.batches);
  log('metadata and batches', { batches: results.batches });
  // the node table from the replayed curate.node.status messages of two nodes
  await page.waitForFunction(() => document.getElementById('nodes').dataset.rows === '2', null,
    { timeout: 30000 });
  results.nodeRows = await page.locator('#nodes tbody tr').allInnerTexts();
  log('node table', { rows: results.nodeRows });
  await shot(page, '1-demo');

  // kill the server, see the page say so, restart it on the same port, see it reconnect
  await kill(demo.child);
  await page.waitForSelector('#conn[data-state="lost"]', { timeout: 30000 });
  results.lostText = await page.locator('#conn').textContent();
  log('server killed', { banner: results.lostText });
  await shot(page, '2-connection-lost');
  const again = await startCurate(['serve', '--store', path.join(demoOut, 'store'),
    '--port', String(demo.port)], 'serve-restart');
  children.push(again.child);
  await page.waitForSelector('#conn[data-state="reconnected"]', { timeout: 60000 });
  await page.waitForFunction(() => document.getElementById('map').dataset.points === '6728',
    null, { timeout: 60000 });
  results.reconnectedText = await page.locator('#conn').textContent();
  log('reconnected', { banner: results.reconnectedText });
  await shot(page, '3-reconnected');
  await page.close();
  await kill(again.child);
}


async function loadPart() {
  const server = await startCurate(['serve', '--synthetic-points', String(loadPoints),
    '--port', '0'], 'serve-load');
  children.push(server.child);
  const page = await browser.newPage();
  page.on('pageerror', (e) => log('page error', { message: e.message }));
  await page.goto(server.url);
  await page.waitForFunction((n) => document.getElementById('map').dataset.points === String(n),
    loadPoints, { timeout: 240000 });
  results.load = {
    points: loadPoints,
    firstPaintMs: Math.round(await stat(page, () => window.curatePage.firstPaintMs)),
    mapLoadMs: Math.round(await stat(page, () => window.curatePage.mapLoadMs)),
    fullPaintMs: Math.round(await page.waitForFunction(() => window.curatePage.fullPaintMs,
      null, { timeout: 60000 }).then((h) => h.jsonValue())),
    mapLoadParts: await stat(page, () => window.curatePage.timings),
    mapNote: await page.locator('#map-note').textContent(),
  };
  log('1M first paint', results.load);

  await page.locator('#map').scrollIntoViewIfNeeded();
  results.load.webgl = await stat(page, () => window.curatePage.webgl);
  Object.assign(results.load, await interact(page));
  const box = await page.locator('#map').boundingBox();
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  log('1M interaction', results.load);

  // idle: rAF intervals over 2 s without input
  await page.waitForTimeout(500);
  await stat(page, () => { window.curatePage.frames.length = 0; });
  await page.waitForTimeout(2000);
  const idle = await stat(page, () => window.curatePage.frames.slice());
  results.load.idleFrameMedianMs = round1(median(idle));
  results.load.idleFrameP95Ms = round1(pct(idle, 0.95));

  // brush-select on 1M points: from the mouse down to the grid showing the selection
  const s0 = Date.now();
  await page.keyboard.down('Shift');
  await page.mouse.move(cx - 100, cy - 100);
  await page.mouse.down();
  for (let s = 1; s <= 10; s += 1) {
    await page.mouse.move(cx - 100 + 20 * s, cy - 100 + 20 * s);
  }
  await page.mouse.up();
  await page.keyboard.up('Shift');
  await page.waitForFunction(() => Number(document.getElementById('map').dataset.selected) > 0,
    null, { timeout: 60000 });
  results.load.brushWallMs = Date.now() - s0;
  results.load.brushToGridMs = Math.round(await stat(page, () => window.curatePage
    .selectionShownAt - window.curatePage.lastMouseDownAt));
  await page.waitForFunction(() => window.curatePage.selectionPaintedAt !== null, null,
    { timeout: 60000 });
  results.load.brushToGridPaintedMs = Math.round(await stat(page, () => window.curatePage
    .selectionPaintedAt - window.curatePage.lastMouseDownAt));
  results.load.brushSelected = await stat(page, () => window.curatePage.selected.length);
  // once the input stops all points are drawn again, the whole selection with them
  await page.waitForFunction(() => document.getElementById('map').dataset.lod === 'full',
    null, { timeout: 60000 });
  results.load.brushSelectedDrawn = await stat(page, () => window.curatePage.scatterplot
    .get('selectedPoints').length);
  results.load.gridText = await page.locator('#selection-grid').textContent();
  log('1M brush', results.load);

  // a filter with the sample: zooming draws the filter's part of the sample, and the whole
  // filter is back once the input stops
  await page.click('#clear-selection');
  await page.selectOption('.filter[data-layer="0"]', { label: 'blob 3' });
  await page.waitForFunction(() => document.getElementById('map-stats').textContent
    .startsWith('filter keeps'), null, { timeout: 60000 });
  const kept = Number((await page.locator('#map-stats').textContent())
    .match(/keeps ([\d,]+)/)[1].replace(/,/g, ''));
  const exits = await stat(page, () => window.curatePage.lod.exits);
  await page.mouse.move(cx, cy);
  await page.mouse.wheel(0, -120);
  await page.waitForFunction(() => document.getElementById('map').dataset.lod === 'sample',
    null, { timeout: 60000 });
  const duringZoom = await stat(page, () => window.curatePage.scatterplot
    .get('filteredPoints').length);
  await page.waitForFunction((n) => window.curatePage.lod.exits > n
    && document.getElementById('map').dataset.lod === 'full', exits, { timeout: 60000 });
  results.load.filter = { kept, duringZoom, afterZoom: await stat(page,
    () => window.curatePage.scatterplot.get('filteredPoints').length) };
  log('1M filter with the sample', results.load.filter);
  await shot(page, '4-load-1M');
  await page.close();

  // the same steps with level of detail off (`?lod=off`): the peer for the ratio
  const peer = await browser.newPage();
  await peer.goto(`${server.url}?lod=off`);
  await peer.waitForFunction((n) => document.getElementById('map').dataset.points === String(n),
    loadPoints, { timeout: 240000 });
  await peer.locator('#map').scrollIntoViewIfNeeded();
  const off = await interact(peer);
  results.load.withoutLod = {
    interactionFrameMedianMs: off.interactionFrameMedianMs,
    interactionFrameP95Ms: off.interactionFrameP95Ms,
    interactionFramesOnSample: off.interactionFramesOnSample,
  };
  results.load.lodSpeedupMedian = round1(off.interactionFrameMedianMs
    / results.load.interactionFrameMedianMs);
  log('1M interaction without level of detail', results.load.withoutLod);
  await peer.close();
  await kill(server.child);
}

/**
 * 24 steps (8 zoom in, 8 pan moves in one drag, 8 zoom out); each must lead to a frame, and
 * the page times each from the input event to regl-scatterplot's draw event.
 */
async function interact(page) {
  // the page may still lay out (notes, tables) after the first paint: wait until the map
  // stays put, so that every input lands on it
  const mapBox = () => page.locator('#map').boundingBox();
  let box = await mapBox();
  for (let tries = 0; tries < 20; tries += 1) {
    await page.waitForTimeout(500);
    const again = await mapBox();
    if (again.x === box.x && again.y === box.y) {
      break;
    }
    box = again;
  }
  const cx = box.x + box.width / 2;
  const cy = box.y + box.height / 2;
  await page.mouse.move(cx, cy);
  await page.waitForTimeout(1000);
  const frames = [];
  const wall = [];
  const step = async (act) => {
    const before = await stat(page, () => window.curatePage.inputFrames.length);
    const t = Date.now();
    await act();
    try {
      await page.waitForFunction((n) => window.curatePage.inputFrames.length > n, before,
        { timeout: 60000 });
    } catch (e) {
      const state = await stat(page, () => ({ draws: window.curatePage.draws,
        lod: document.getElementById('map').dataset.lod, lodState: window.curatePage.lod,
        scrollY: window.scrollY, mapTop: document.getElementById('map')
          .getBoundingClientRect().top }));
      throw new Error(`step ${frames.length + 1} of 24 drew no frame in 60 s: `
        + `${JSON.stringify(state)}; ${e.message}`);
    }
    wall.push(Date.now() - t);
    frames.push(await stat(page, () => window.curatePage.inputFrames.at(-1)));
  };
  for (let s = 0; s < 8; s += 1) {
    await step(() => page.mouse.wheel(0, -120));
  }
  await page.mouse.down();
  for (let s = 1; s <= 8; s += 1) {
    await step(() => page.mouse.move(cx + 25 * s, cy + 8 * s));
  }
  await page.mouse.up();
  // the release draws all points again; let that frame pass before the next input
  await page.waitForFunction(() => window.curatePage.lod.fullDrawMs.length
    >= window.curatePage.lod.exits, null, { timeout: 60000 });
  await page.waitForTimeout(200);
  for (let s = 0; s < 8; s += 1) {
    await step(() => page.mouse.wheel(0, 120));
  }
  await page.waitForFunction(() => document.getElementById('map').dataset.lod !== 'sample'
    && window.curatePage.lod.fullDrawMs.length >= window.curatePage.lod.exits, null,
  { timeout: 60000 });
  const ms = frames.map((f) => f.ms);
  const lodState = await stat(page, () => window.curatePage.lod);
  return {
    interactionSteps: frames.length,
    interactionFrameMs: ms.map(round1),
    interactionFramesOnSample: frames.filter((f) => f.lod).length,
    interactionFrameMedianMs: round1(median(ms)),
    interactionFrameP95Ms: round1(pct(ms, 0.95)),
    interactionWallMedianMs: median(wall),
    fullRedrawAfterInteractionMs: lodState.fullDrawMs.map(round1),
    lodEnters: lodState.enters,
  };
}
