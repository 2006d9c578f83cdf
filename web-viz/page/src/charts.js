// Chart.js set-up shared by every chart on the page.
import { Chart, registerables } from 'chart.js';

Chart.register(...registerables);
Chart.defaults.animation = false;
Chart.defaults.maintainAspectRatio = false;

export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b',
  '#e377c2', '#7f7f7f', '#bcbd22', '#17becf', '#aec7e8', '#ffbb78', '#98df8a', '#ff9896',
  '#c5b0d5', '#c49c94', '#f7b6d2', '#dbdb8d', '#9edae5', '#393b79'];

/** A chart with a title; `y` and `x` are Chart.js scale options merged over defaults. */
export function makeChart(id, type, title, { x = {}, y = {}, extra = {} } = {}) {
  const canvas = document.getElementById(id);
  return new Chart(canvas, {
    type,
    data: { labels: [], datasets: [] },
    options: {
      plugins: { title: { display: true, text: title }, legend: { position: 'bottom' } },
      scales: { x, y },
      ...extra,
    },
  });
}

export const LOG_Y = { type: 'logarithmic', min: 1 };
