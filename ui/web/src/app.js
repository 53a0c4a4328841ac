// TaskScope ops UI: charts drawn from the data the server renders into the page (data-chart), after every htmx swap.
(function () {
  'use strict';
  const charts = new WeakMap();

  function draw(el) {
    if (charts.has(el)) {
      return;
    }
    let spec;
    try {
      spec = JSON.parse(el.getAttribute('data-chart'));
    } catch (e) {
      el.textContent = 'chart data unreadable';
      return;
    }
    const width = Math.max(280, el.clientWidth || 600);
    const series = [{}].concat(spec.series.map((s) => ({
      label: s.label, stroke: s.color, width: 1.5, fill: s.fill || undefined,
      paths: s.bars ? uPlot.paths.bars({ size: [0.8, 40] }) : undefined,
    })));
    const opts = {
      width, height: spec.height || 180, series,
      axes: [{}, { size: 60 }],
      scales: { x: { time: true } },
      legend: { live: false },
    };
    const plot = new uPlot(opts, [spec.x].concat(spec.series.map((s) => s.values)), el);
    el.setAttribute('data-points', String(spec.x.length));
    charts.set(el, plot);
  }

  function drawAll(root) {
    (root || document).querySelectorAll('[data-chart]').forEach(draw);
  }

  if (window.htmx) {
    htmx.onLoad(drawAll);
  } else {
    document.addEventListener('DOMContentLoaded', () => drawAll(document));
  }
  window.addEventListener('resize', () => {
    document.querySelectorAll('[data-chart]').forEach((el) => {
      const plot = charts.get(el);
      if (plot) {
        plot.setSize({ width: Math.max(280, el.clientWidth), height: plot.height });
      }
    });
  });
})();
