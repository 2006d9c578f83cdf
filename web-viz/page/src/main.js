// The live page: run status, tree, map, metadata sampling, batches and training.
import createScatterplot, { createRenderer } from 'regl-scatterplot';
import { Connection } from './connection.js';
import { LOG_Y, PALETTE, makeChart } from './charts.js';

const A = {
  progress: 'curate.kmeans.progress',
  treeLevel: 'curate.tree.level',
  sample: 'curate.sample.result',
  mapReady: 'curate.map.ready',
  mapInfo: 'curate.map.info',
  mapChunk: 'curate.map.chunk',
  tileInfo: 'curate.tile.info',
  treeSummary: 'curate.tree.summary',
  metadata: 'curate.metadata.stats',
  batch: 'curate.batch.stats',
  train: 'curate.train.progress',
  node: 'curate.node.status',
};
const GRID_MAX = 96;
const GREY = '#555555';
const $ = (id) => document.getElementById(id);
const fmt = (v, d = 0) => (v === undefined || v === null ? '–'
  : Number(v).toLocaleString('en-US', { maximumFractionDigits: d }));

// Observable state for people and for the browser test.
const page = {
  events: 0, iterations: 0, liveIterations: 0, map: null, selected: [], firstPaintMs: null,
  mapLoadMs: null, frames: [], batches: 0, trainSteps: 0, reconnects: 0, errors: [],
  timings: {}, inputFrames: [], lod: { enters: 0, exits: 0, fullDrawMs: [] },
  selectionShownAt: null, selectionPaintedAt: null, fullPaintMs: null,
};
window.curatePage = page;

// ---- connection
const wsUrl = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
const conn = new Connection(wsUrl, {
  onState: (state, text) => {
    $('conn').dataset.state = state;
    $('conn').textContent = text;
    if (state === 'reconnected') {
      page.reconnects += 1;
    }
  },
  onHello: (hello) => {
    page.serverStartMs = hello.serverStartMs;
    loadMap();
  },
  onEvent: (msg) => onEvent(msg),
});

// ---- run status
const objective = makeChart('objective-chart', 'line', 'k-means objective per iteration', {
  x: { type: 'linear', title: { display: true, text: 'iteration (all levels)' } },
  y: { type: 'logarithmic', title: { display: true, text: 'objective' } },
});
let runId = null;
let iterationX = 0;

function onEvent(msg) {
  page.events += 1;
  $('run-events').textContent = fmt(page.events);
  const b = msg.body || {};
  switch (msg.address) {
    case A.progress: onProgress(b, msg.replay); break;
    case A.mapReady: loadMap(); break;
    case A.sample: refreshTree(); break;
    case A.batch: onBatch(b); break;
    case A.train: onTrain(b); break;
    case A.node: onNode(b); break;
    default: break;
  }
}

function onProgress(e, replay) {
  if (e.runId && e.runId !== runId) {
    runId = e.runId;
    objective.data.datasets = [];
    iterationX = 0;
  }
  switch (e.type) {
    case 'runStart': $('run-state').textContent = 'running'; break;
    case 'stage':
      $('run-stage').textContent = `${e.index}/${e.stages} ${e.stage}`;
      $('run-state').textContent = 'running';
      break;
    case 'levelStart':
      $('run-level').textContent = `${e.level}/${e.levels}: ${fmt(e.inputs)} inputs`
        + ` → ${fmt(e.clusters)} clusters`;
      break;
    case 'iteration': onIteration(e, replay); break;
    case 'levelEnd':
      $('run-level').textContent = `${e.level}/${e.levels} done: ${fmt(e.clusters)} clusters,`
        + ` ${fmt(e.emptyDropped)} empty dropped, ${fmt(e.seconds, 2)} s`;
      break;
    case 'runEnd': $('run-state').textContent = 'done'; refreshTree(); break;
    case 'runFailed': $('run-state').textContent = `failed: ${e.message}`; break;
    default: break;
  }
}

function onIteration(e, replay) {
  page.iterations += 1;
  if (!replay) {
    page.liveIterations += 1;
  }
  $('run-iteration').textContent = `${e.iteration}/${e.maxIterations}`;
  $('run-objective').textContent = fmt(e.objective, 2);
  $('run-empty').textContent = fmt(e.emptyClusters);
  $('run-pps').textContent = fmt(e.pointsPerSecond);
  const label = `level ${e.level}`;
  let ds = objective.data.datasets.find((d) => d.label === label);
  if (!ds) {
    ds = { label, data: [], borderColor: PALETTE[(e.level - 1) % PALETTE.length], pointRadius: 1 };
    objective.data.datasets.push(ds);
  }
  iterationX += 1;
  ds.data.push({ x: iterationX, y: Math.max(e.objective, 1e-9) });
  objective.update();
  $('objective-chart').dataset.points = String(page.iterations);
  $('objective-chart').dataset.live = String(page.liveIterations);
}

const nodes = new Map();
const mib = (b) => (b === undefined ? '–' : `${fmt(b / 1048576)} MiB`);
/** Keeps the last status per node (cluster mode: every node publishes about once a second). */
// LIMIT: a node that dies keeps its last row in the table; no status timeout yet.
function onNode(n) {
  nodes.set(n.node, n);
  const ingest = (r) => (r.state === 'ingesting' && r.ingestRowsTotal
    ? ` ${r.ingestStage} ${fmt(r.ingestRowsDone)}/${fmt(r.ingestRowsTotal)}` : '');
  $('nodes').querySelector('tbody').innerHTML = [...nodes.values()]
    .sort((a, b) => (a.shard ?? 0) - (b.shard ?? 0)).map((r) => `<tr data-node="${r.node}">
    <td>${r.node}</td><td>${r.shard ?? '–'}/${r.shards ?? '–'}</td>
    <td>${r.state}${ingest(r)}</td><td>${fmt(r.rows)}</td><td>${fmt(r.assignPasses)}</td>
    <td>${fmt(r.rowsPerSecond)}</td><td>${mib(r.heapUsedBytes)} of ${mib(r.heapMaxBytes)}</td>
    <td>${fmt((r.uptimeMs ?? 0) / 1000, 0)} s</td></tr>`).join('');
  $('nodes').dataset.rows = String(nodes.size);
}

// ---- tree
const sizes = makeChart('sizes-chart', 'bar', 'cluster sizes per level (tiles under a cluster)', {
  x: { title: { display: true, text: 'cluster size (log2 bins)' } },
  y: { ...LOG_Y, title: { display: true, text: 'clusters' } },
});
const spread = makeChart('spread-chart', 'bar', 'curated vs uniform over top clusters', {
  x: { title: { display: true, text: 'top cluster (largest first)' } },
  y: { ...LOG_Y, title: { display: true, text: 'tiles' } },
});
const tradeoff = makeChart('tradeoff-chart', 'line', 'size vs balance: cv over top clusters', {
  x: { type: 'logarithmic', title: { display: true, text: 'target T' } },
  y: { min: 0, title: { display: true, text: 'coefficient of variation' } },
});
const dups = makeChart('dups-chart', 'line', 'duplicates per target', {
  x: { type: 'logarithmic', title: { display: true, text: 'target T' } },
  y: { min: 0, title: { display: true, text: 'repeated entries' } },
});
$('tree-refresh').addEventListener('click', () => refreshTree());

function log2Bins(values) {
  const counts = new Map();
  for (const v of values) {
    const b = v <= 0 ? 0 : Math.floor(Math.log2(v)) + 1;
    counts.set(b, (counts.get(b) || 0) + 1);
  }
  return counts;
}

async function refreshTree() {
  if (!page.map || !page.map.tree) {
    return;
  }
  const target = Number($('target').value);
  const multiplier = Number($('multiplier').value);
  let s;
  try {
    s = await conn.request(A.treeSummary, { target, multiplier });
  } catch (e) {
    $('tree-note').textContent = e.message;
    return;
  }
  $('tree-note').textContent = `T=${fmt(target)}: curated cv ${fmt(s.spread.curatedSummary.cv, 2)}`
    + ` vs uniform cv ${fmt(s.spread.uniformSummary.cv, 2)}`;
  const bins = s.levels.map((l) => log2Bins(l.flatSizes));
  const maxBin = Math.max(...bins.flatMap((m) => [...m.keys()]));
  sizes.data.labels = Array.from({ length: maxBin + 1 }, (_, b) => (b === 0 ? '0'
    : `${2 ** (b - 1)}–${2 ** b - 1}`));
  sizes.data.datasets = bins.map((m, i) => ({
    label: `level ${s.levels[i].level}`, backgroundColor: PALETTE[i % PALETTE.length],
    data: sizes.data.labels.map((_, b) => m.get(b) || 0),
  }));
  sizes.update();
  const order = s.spread.full.map((_, c) => c).sort((a, b) => s.spread.full[b] - s.spread.full[a]);
  spread.data.labels = order.map((c) => `c${c}`);
  spread.data.datasets = [
    { label: 'all tiles', data: order.map((c) => s.spread.full[c]), backgroundColor: '#ccc' },
    { label: `curated (T=${target})`, data: order.map((c) => s.spread.curated[c]),
      backgroundColor: PALETTE[0] },
    { label: 'uniform', data: order.map((c) => s.spread.uniform[c]), backgroundColor: PALETTE[1] },
  ];
  spread.update();
  tradeoff.data.datasets = [
    { label: 'curated', borderColor: PALETTE[0],
      data: s.curve.map((p) => ({ x: p.target, y: p.curated.cv })) },
    { label: 'uniform', borderColor: PALETTE[1],
      data: s.curve.map((p) => ({ x: p.target, y: p.uniform.cv })) },
  ];
  tradeoff.update();
  dups.data.datasets = [{ label: `multiplier ${multiplier}`, borderColor: PALETTE[3],
    data: s.curve.map((p) => ({ x: p.target, y: p.duplicates })) }];
  dups.update();
  $('sizes-chart').dataset.levels = String(s.levels.length);
}

// ---- metadata sampling
const metadata = makeChart('metadata-chart', 'bar', 'sampled vs full per group', {
  y: { ...LOG_Y, title: { display: true, text: 'tiles' } },
});

async function refreshMetadata() {
  if (!page.map || !page.map.groups) {
    return;
  }
  const { groups } = await conn.request(A.metadata);
  $('metadata-note').textContent = `${groups.length} groups;`
    + ` ${groups.filter((g) => g.exhausted).length} exhausted before their fair share`;
  metadata.data.labels = groups.map((g) => g.group);
  metadata.data.datasets = [
    { label: 'full', data: groups.map((g) => g.fullTiles), backgroundColor: '#bbb' },
    { label: 'sampled', data: groups.map((g) => g.sampledTiles), backgroundColor: PALETTE[2] },
    { label: 'fair share', type: 'line', data: groups.map((g) => g.fairShare),
      borderColor: PALETTE[3], pointRadius: 0 },
  ];
  metadata.update();
  $('metadata-chart').dataset.groups = String(groups.length);
}

// ---- batches and training
const strata = makeChart('strata-chart', 'bar', 'last batch: tiles per stratum');
const batchChart = makeChart('batch-chart', 'line', 'slides opened and repeats per batch', {
  x: { type: 'linear', title: { display: true, text: 'batch' } },
});
const lossChart = makeChart('loss-chart', 'line', 'training loss and learning rate', {
  x: { type: 'linear', title: { display: true, text: 'step' } },
  y: { title: { display: true, text: 'loss' } },
  extra: {},
});
lossChart.options.scales.lr = {
  position: 'right', title: { display: true, text: 'learning rate' },
};
const ipsChart = makeChart('ips-chart', 'line', 'images per second', {
  x: { type: 'linear', title: { display: true, text: 'step' } },
  y: { min: 0 },
});
batchChart.data.datasets = [
  { label: 'slides opened', data: [], borderColor: PALETTE[0] },
  { label: 'repeats', data: [], borderColor: PALETTE[3] },
];
lossChart.data.datasets = [
  { label: 'loss', data: [], borderColor: PALETTE[4] },
  { label: 'learning rate', data: [], borderColor: PALETTE[5], yAxisID: 'lr' },
];
ipsChart.data.datasets = [{ label: 'images/s', data: [], borderColor: PALETTE[2] }];

function onBatch(b) {
  page.batches += 1;
  $('batch-count').textContent = fmt(page.batches);
  $('batch-last').textContent = `#${b.batch}: ${fmt(b.size)} tiles, ${fmt(b.slidesOpened)}`
    + ` slides opened, ${fmt(b.repeats)} repeats`;
  const names = Object.keys(b.strata || {});
  strata.data.labels = names;
  strata.data.datasets = [{ label: `batch ${b.batch}`, data: names.map((n) => b.strata[n]),
    backgroundColor: names.map((_, i) => PALETTE[i % PALETTE.length]) }];
  strata.update();
  batchChart.data.datasets[0].data.push({ x: b.batch, y: b.slidesOpened });
  batchChart.data.datasets[1].data.push({ x: b.batch, y: b.repeats });
  batchChart.update();
  $('strata-chart').dataset.batches = String(page.batches);
}

function onTrain(t) {
  page.trainSteps += 1;
  $('train-step').textContent = `${fmt(t.step)} (epoch ${fmt(t.epoch)})`;
  $('train-loss').textContent = fmt(t.loss, 4);
  $('train-ips').textContent = fmt(t.imagesPerSecond, 1);
  lossChart.data.datasets[0].data.push({ x: t.step, y: t.loss });
  lossChart.data.datasets[1].data.push({ x: t.step, y: t.learningRate });
  lossChart.update();
  ipsChart.data.datasets[0].data.push({ x: t.step, y: t.imagesPerSecond });
  ipsChart.update();
  $('loss-chart').dataset.steps = String(page.trainSteps);
}

// ---- map
const canvas = $('map');
const PERFORMANCE_MODE_POINTS = 500000;
let scatterplot = null;

/**
 * Creates the plot on the first map; past 500k points it draws squares without blending.
 * The renderer gets its own canvas of the map's size: by default regl-scatterplot renders
 * into a window-sized framebuffer and copies it, which costs a fixed share of every frame.
 */
function ensurePlot(points) {
  if (scatterplot) {
    return scatterplot;
  }
  const box = canvas.getBoundingClientRect();
  const renderer = createRenderer({ canvas: document.createElement('canvas') });
  renderer.resize(box.width, box.height);
  new ResizeObserver(() => {
    const b = canvas.getBoundingClientRect();
    if (b.width > 0 && b.height > 0) {
      renderer.resize(b.width, b.height);
    }
  }).observe(canvas);
  scatterplot = createScatterplot({
    renderer, canvas, width: box.width, height: box.height, lassoType: $('lasso-type').value,
    pointSize: points > PERFORMANCE_MODE_POINTS ? 2 : 3,
    performanceMode: points > PERFORMANCE_MODE_POINTS,
    pointColor: [...PALETTE, GREY], showReticle: true, reticleColor: [1, 0.44, 0, 0.9],
    lassoMinDelay: 0, lassoMinDist: 1, backgroundColor: [0.07, 0.07, 0.07, 1],
    // events in the same task: the selection grid is in the DOM before the next frame
    syncEvents: true,
    // its k-d tree on this thread: sending 1M point arrays to its worker cost more than the
    // build (first paint 3.1-3.6 s without the worker, 4.2-5.2 s with it, measured)
    spatialIndexUseWorker: false,
  });
  // after regl-scatterplot's own mouseup (registered just now): a finished lasso has
  // selected over all points; draw the sample once more so the grid shows without waiting
  // for a full redraw, which follows when the input stops
  window.addEventListener('mouseup', () => {
    if (lassoEnded) {
      lassoEnded = false;
      lodEnter();
      lodExitLater();
    }
  });
  page.scatterplot = scatterplot;
  page.draws = 0;
  scatterplot.subscribe('draw', onDrawn);
  scatterplot.subscribe('pointOver', onPointOver);
  scatterplot.subscribe('pointOut', () => { thumb.hidden = true; });
  scatterplot.subscribe('select', ({ points: selected }) => showSelection(selected));
  scatterplot.subscribe('deselect', () => showSelection([]));
  const gl = scatterplot.get('renderer').regl._gl;
  const debugInfo = gl && gl.getExtension('WEBGL_debug_renderer_info');
  page.webgl = gl ? {
    version: gl.getParameter(gl.VERSION),
    renderer: gl.getParameter(debugInfo ? debugInfo.UNMASKED_RENDERER_WEBGL : gl.RENDERER),
    performanceMode: points > PERFORMANCE_MODE_POINTS,
  } : null;
  return scatterplot;
}

/** Counts frames; times input-to-frame and the full redraw that ends a level-of-detail phase. */
function onDrawn() {
  const now = performance.now();
  page.draws += 1;
  if (pendingInputAt !== null) {
    page.inputFrames.push({ ms: now - pendingInputAt, lod: lod.active });
    if (page.inputFrames.length > 1000) {
      page.inputFrames.splice(0, 500);
    }
    pendingInputAt = null;
  }
  if (lod.fullSince !== null && !lod.active) {
    page.lod.fullDrawMs.push(now - lod.fullSince);
    lod.fullSince = null;
    if (page.fullPaintMs === null) {
      page.fullPaintMs = now;
    }
  }
}

// ---- level of detail: while the user pans, zooms or drags a selection on a large map, only
// a fixed seeded sample is drawn; the full set is drawn again once the input stops. Software
// WebGL (no GPU) draws 1M points in about a second, the sample in a fraction of that.
// `?lod=off` in the page address turns it off (the browser test measures both).
// LIMIT: while a map of LOD_MIN_POINTS or more is panned or zoomed, sparse regions look
// emptier (only LOD_POINTS are drawn) until LOD_IDLE_MS after the input; LOD_POINTS.
const LOD_ENABLED = new URLSearchParams(location.search).get('lod') !== 'off';
const LOD_MIN_POINTS = 200000;
const LOD_POINTS = 100000;
const LOD_SEED = 20240601;
const LOD_IDLE_MS = 300;
const lod = {
  sample: null, active: false, timer: null, saved: [], keep: null, fullSince: null,
};
let pendingInputAt = null;
let lassoEnded = false;

/**
 * Exactly {@code k} of {@code n} indices, ascending, each equally likely (selection
 * sampling: index i is taken with probability still-needed / still-left), from a seeded
 * xorshift32 generator so the sample is the same on every load.
 */
function seededSample(n, k, seed) {
  let state = seed >>> 0 || 1;
  const out = new Uint32Array(Math.min(n, k));
  let taken = 0;
  for (let i = 0; i < n && taken < out.length; i += 1) {
    state ^= state << 13; state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5; state >>>= 0;
    if ((state / 4294967296) * (n - i) < out.length - taken) {
      out[taken] = i;
      taken += 1;
    }
  }
  return out;
}

/** The points drawn during interaction: the sample, within the active filter if any. */
function lodIndices() {
  if (!lod.keep) {
    return Array.from(lod.sample);
  }
  const inSample = new Uint8Array(xs.length);
  for (const i of lod.sample) {
    inSample[i] = 1;
  }
  return lod.keep.filter((i) => inSample[i] === 1);
}

function lodEnter() {
  clearTimeout(lod.timer);
  if (lod.active || !lod.sample || !scatterplot) {
    return;
  }
  lod.active = true;
  page.lod.enters += 1;
  lod.saved = scatterplot.get('selectedPoints').slice();
  scatterplot.filter(lodIndices(), { preventEvent: true });
  canvas.dataset.lod = 'sample';
}

function lodExit() {
  clearTimeout(lod.timer);
  if (!lod.active) {
    return;
  }
  lod.active = false;
  page.lod.exits += 1;
  lod.fullSince = performance.now();
  if (lod.keep) {
    scatterplot.filter(lod.keep, { preventEvent: true });
  } else {
    scatterplot.unfilter({ preventEvent: true });
  }
  if (lod.saved.length > 0) {
    scatterplot.select(lod.saved, { preventEvent: true });
  }
  canvas.dataset.lod = 'full';
}

function lodExitLater() {
  clearTimeout(lod.timer);
  lod.timer = setTimeout(lodExit, LOD_IDLE_MS);
}

// Capture phase on the wrapper: runs before regl-scatterplot's own handlers on the canvas,
// so the first frame of an interaction is already the sample. The mouseup listener on the
// window (capture) restores the full set before a lasso computes its selection.
const mapWrap = $('map-wrap');
let buttonDown = false;
mapWrap.addEventListener('wheel', (e) => {
  pendingInputAt = e.timeStamp;
  lodEnter();
  if (!buttonDown) {
    lodExitLater();
  }
}, { capture: true, passive: true });
mapWrap.addEventListener('mousedown', (e) => {
  buttonDown = true;
  pendingInputAt = e.timeStamp;
  page.lastMouseDownAt = e.timeStamp;
  lodEnter();
}, { capture: true });
window.addEventListener('mousemove', (e) => {
  if (buttonDown) {
    pendingInputAt = e.timeStamp;
  }
}, { capture: true });
window.addEventListener('mouseup', (e) => {
  if (buttonDown) {
    buttonDown = false;
    pendingInputAt = e.timeStamp;
    lassoEnded = lod.active && e.shiftKey;
    lodExit();
  }
}, { capture: true });

const layerCodes = new Map();
let xs = null;
let ys = null;
let loadToken = 0;

const CHUNKS_IN_FLIGHT = 8;

/** Fetches one map array, keeping several chunk requests in flight (replies are in order). */
async function fetchArray(array, info, Type) {
  const per = array === 'xy' ? 2 : 1;
  const out = new Type(info.points * per);
  let next = 0;
  const worker = async () => {
    while (next < info.chunks) {
      const c = next;
      next += 1;
      const bytes = await conn.request(A.mapChunk, { array, chunk: c });
      out.set(new Type(bytes), c * info.chunkPoints * per);
    }
  };
  await Promise.all(Array.from({ length: Math.min(CHUNKS_IN_FLIGHT, info.chunks) }, worker));
  return out;
}

async function loadMap() {
  const token = ++loadToken;
  const t0 = performance.now();
  let info;
  try {
    info = await conn.request(A.mapInfo);
  } catch (e) {
    $('map-note').textContent = e.message;
    return;
  }
  if (!info.ready) {
    $('map-note').textContent = '(waiting for the run to build the map)';
    return;
  }
  const tInfo = performance.now();
  const [xy, codes0] = await Promise.all([fetchArray('xy', info, Float32Array),
    info.layers.length > 0 ? fetchArray('0', info, Int32Array) : null]);
  if (token !== loadToken) {
    return;
  }
  const tFetched = performance.now();
  layerCodes.clear();
  if (codes0) {
    layerCodes.set(0, codes0);
  }
  page.map = info;
  ensurePlot(info.points);
  normalize(xy, info.points);
  lod.sample = LOD_ENABLED && info.points >= LOD_MIN_POINTS
    ? seededSample(info.points, LOD_POINTS, LOD_SEED) : null;
  lod.keep = null;
  buildControls(info);
  const tDecoded = performance.now();
  await colorBy(0);
  page.mapLoadMs = performance.now() - t0;
  page.timings = { infoMs: tInfo - t0, fetchMs: tFetched - tInfo, decodeMs: tDecoded - tFetched,
    drawMs: performance.now() - tDecoded };
  $('map-note').textContent = `(${info.source}: ${fmt(info.points)} points,`
    + ` loaded in ${fmt(page.mapLoadMs)} ms`
    + (lod.sample ? `; while you pan or zoom a seeded sample of ${fmt(lod.sample.length)}`
      + ' points is drawn, all points once you stop)' : ')');
  refreshTree();
  refreshMetadata();
}

function normalize(xy, n) {
  let minX = Infinity; let maxX = -Infinity; let minY = Infinity; let maxY = -Infinity;
  for (let i = 0; i < n; i += 1) {
    const x = xy[2 * i]; const y = xy[2 * i + 1];
    if (x < minX) minX = x; if (x > maxX) maxX = x;
    if (y < minY) minY = y; if (y > maxY) maxY = y;
  }
  const scale = 1.9 / Math.max(maxX - minX, maxY - minY, 1e-12);
  const cx = (minX + maxX) / 2; const cy = (minY + maxY) / 2;
  xs = new Float32Array(n); ys = new Float32Array(n);
  for (let i = 0; i < n; i += 1) {
    xs[i] = (xy[2 * i] - cx) * scale;
    ys[i] = (xy[2 * i + 1] - cy) * scale;
  }
}

async function codesOf(layer) {
  if (!layerCodes.has(layer)) {
    layerCodes.set(layer, await fetchArray(String(layer), page.map, Int32Array));
  }
  return layerCodes.get(layer);
}

async function colorBy(layer) {
  const codes = await codesOf(layer);
  const value = new Float32Array(codes.length);
  for (let i = 0; i < codes.length; i += 1) {
    value[i] = codes[i] < 0 ? PALETTE.length : codes[i] % PALETTE.length;
  }
  const drawn = new Promise((resolve) => scatterplot.subscribe('draw', resolve, 1));
  await scatterplot.draw({ x: xs, y: ys, valueA: value },
    { zDataType: 'categorical', preventFilterReset: true });
  scatterplot.set({ colorBy: 'valueA' });
  if (page.firstPaintMs === null && lod.sample) {
    // the first frame shows the sample; all points follow a moment later
    lodEnter();
    lodExitLater();
  }
  await drawn;
  if (page.firstPaintMs === null) {
    page.firstPaintMs = performance.now();
  }
  canvas.dataset.points = String(codes.length);
  canvas.dataset.colorBy = page.map.layers[layer].name;
  await applyFilters();
}

function buildControls(info) {
  $('color-by').innerHTML = info.layers.map((l, i) => `<option value="${i}">${l.name}</option>`)
    .join('');
  $('filters').innerHTML = info.layers.map((l, i) => {
    // LIMIT: a filter lists at most 500 values of a column (a level with 100k clusters
    // lists its first 500); colours repeat every 20 categories.
    const n = Math.min(l.categories, 500);
    const opts = Array.from({ length: n }, (_, c) => `<option value="${c}">`
      + `${l.names.length ? l.names[c] : c}</option>`).join('');
    return `<label>${l.name} <select class="filter" data-layer="${i}">`
      + `<option value="all">all</option>${opts}</select></label>`;
  }).join(' ');
  for (const s of document.querySelectorAll('.filter')) {
    s.addEventListener('change', () => applyFilters());
  }
}

$('color-by').addEventListener('change', (e) => colorBy(Number(e.target.value)));
$('lasso-type').addEventListener('change', (e) => scatterplot
  && scatterplot.set({ lassoType: e.target.value }));
$('clear-selection').addEventListener('click', () => scatterplot && scatterplot.deselect());

async function applyFilters() {
  const active = [...document.querySelectorAll('.filter')].filter((s) => s.value !== 'all');
  if (active.length === 0) {
    $('map-stats').textContent = '';
    if (lod.keep !== null) {
      lod.keep = null;
      await showFiltered();
    }
    return;
  }
  const wanted = await Promise.all(active.map(async (s) => [await codesOf(Number(s.dataset.layer)),
    Number(s.value)]));
  const keep = [];
  for (let i = 0; i < xs.length; i += 1) {
    if (wanted.every(([codes, v]) => codes[i] === v)) {
      keep.push(i);
    }
  }
  lod.keep = keep;
  await showFiltered();
  $('map-stats').textContent = `filter keeps ${fmt(keep.length)} of ${fmt(xs.length)} points`;
}

/** Draws the points the filters keep, or their part of the sample during interaction. */
function showFiltered() {
  if (lod.active) {
    return scatterplot.filter(lodIndices(), { preventEvent: true });
  }
  return lod.keep ? scatterplot.filter(lod.keep) : scatterplot.unfilter();
}

// hover thumbnails
const thumb = $('hover-thumb');
let mouse = { x: 0, y: 0 };
canvas.addEventListener('mousemove', (e) => { mouse = { x: e.offsetX, y: e.offsetY }; });
function onPointOver(i) {
  if (!page.map || !page.map.thumbnails) {
    return;
  }
  thumb.src = `tile/${i}`;
  thumb.style.left = `${mouse.x + 12}px`;
  thumb.style.top = `${mouse.y + 12}px`;
  thumb.hidden = false;
  thumb.dataset.tile = String(i);
}

// selection grid and point-to-tile linking

function showSelection(points) {
  if (lod.active) {
    return;
  }
  page.selected = points;
  page.selectionShownAt = performance.now();
  page.selectionPaintedAt = null;
  // the frame after the one that paints the grid: the grid is on screen
  requestAnimationFrame(() => requestAnimationFrame(() => {
    page.selectionPaintedAt = performance.now();
  }));
  canvas.dataset.selected = String(points.length);
  const grid = $('selection-grid');
  if (!page.map || !page.map.thumbnails) {
    grid.textContent = points.length ? `${fmt(points.length)} selected (no tile source)` : '';
    return;
  }
  grid.innerHTML = points.slice(0, GRID_MAX).map((i) => `<img src="tile/${i}" data-tile="${i}"`
    + ` title="tile ${i}" alt="tile ${i}">`).join('');
  for (const img of grid.querySelectorAll('img')) {
    img.addEventListener('click', () => highlightTile(Number(img.dataset.tile), img));
  }
}

async function highlightTile(i, img) {
  for (const other of document.querySelectorAll('#selection-grid img.active')) {
    other.classList.remove('active');
  }
  img.classList.add('active');
  scatterplot.hover(i, { showReticleOnce: true, preventEvent: true });
  const t = await conn.request(A.tileInfo, { tile: i });
  const path = Object.entries(t.layers).filter(([k]) => k.startsWith('level '))
    .map(([k, v]) => `${k}: c${v}`).reverse().join(' → ');
  $('tile-path').textContent = `tile ${t.tile} (${t.slide ?? '–'} at ${t.tileX ?? '–'},`
    + `${t.tileY ?? '–'}): ${path}`;
  $('tile-path').dataset.tile = String(t.tile);
}

// frame times: every animation frame while the page is open
let lastFrame = performance.now();
function frame(now) {
  page.frames.push(now - lastFrame);
  if (page.frames.length > 2000) {
    page.frames.splice(0, 1000);
  }
  lastFrame = now;
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
conn.connect();
