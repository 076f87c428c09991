// Chart specs are JSON; Chart.js wants functions for tick labels and tooltips. This is the one
// place that adds them, as JavaScript source, so the browser (inlined in index.html) and node-canvas
// (png.ts, through `new Function`) run the very same code.

/** Defines `asyncbenchHydrate(spec, env)` → a Chart.js config. env: { png: boolean, dpr?: number }. */
export const HYDRATE_JS = String.raw`
function asyncbenchHydrate(spec, env) {
  var nf = function (d) { return new Intl.NumberFormat('en-US', { minimumFractionDigits: d, maximumFractionDigits: d }); };
  var f0 = nf(0), f1 = nf(1), f2 = nf(2);
  var sig2 = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
  function ms(v) {
    var a = Math.abs(v);
    if (a > 0 && a < 0.01) return sig2.format(v) + ' ms';
    if (a < 10) return f2.format(v) + ' ms';
    if (a < 1000) return f1.format(v) + ' ms';
    var s = v / 1000, b = Math.abs(s);
    return (b < 10 ? f2.format(s) : b < 100 ? f1.format(s) : f0.format(s)) + ' s';
  }
  function rps(v) { var a = Math.abs(v); return a >= 100 ? f0.format(v) : a >= 10 ? f1.format(v) : f2.format(v); }
  var NINES = { 0: '0%', 1: '90%', 2: '99%', 3: '99.9%', 4: '99.99%', 5: 'max' };
  function nines(v) {
    if (NINES[v] !== undefined) return NINES[v];
    if (v >= 5) return 'max';
    var p = 100 * (1 - Math.pow(10, -v));
    return (p >= 99 ? p.toFixed(2) : p.toFixed(1)) + '%';
  }
  var FORMATS = {
    rps: function (v) { return rps(v) + ' req/s'; },
    ms: ms,
    pct: function (v) { return (Math.abs(v) >= 10 ? f0.format(v) : f1.format(v)) + '%'; },
    mib: function (v) { return (Math.abs(v) >= 100 ? f0.format(v) : f1.format(v)) + ' MiB'; },
    count: function (v) { return f0.format(v); },
    nines: nines,
    connections: function (v) { return f0.format(v); },
    workers: function (v) { return String(v); },
    plain: function (v) { return String(v); }
  };
  // Tick labels are short and drop trailing zeros (500 ms, 1.5 s, 20); tooltips keep full precision.
  // Below 1 ms (a log axis reaching down to a stream's zero gaps) two significant digits, never "0 ms".
  var fc = new Intl.NumberFormat('en-US', { maximumFractionDigits: 2 });
  var fsig = new Intl.NumberFormat('en-US', { maximumSignificantDigits: 2 });
  var TICKS = {
    rps: function (v) { return fc.format(v); },
    ms: function (v) { var a = Math.abs(v); return a < 1000 ? (a > 0 && a < 1 ? fsig.format(v) : fc.format(v)) + ' ms' : fc.format(v / 1000) + ' s'; },
    pct: function (v) { return fc.format(v) + '%'; },
    mib: function (v) { return fc.format(v); },
    count: function (v) { return fc.format(v); },
    nines: nines,
    connections: function (v) { return fc.format(v); }
  };
  var cfg = JSON.parse(JSON.stringify(spec.config));
  var o = cfg.options = cfg.options || {};
  o.animation = false;
  o.responsive = !env.png;
  o.maintainAspectRatio = false;
  if (env.png) o.devicePixelRatio = env.dpr || 2;
  o.plugins = o.plugins || {};
  if (env.png) {
    // A PNG cannot toggle: series hidden by default stay out of its legend.
    o.plugins.legend = o.plugins.legend || {};
    o.plugins.legend.labels = o.plugins.legend.labels || {};
    o.plugins.legend.labels.filter = function (item) { return !item.hidden; };
  }
  if (env.png) o.plugins.title = { display: true, text: spec.title, font: { size: 16, weight: 'bold' }, padding: { top: 4, bottom: 12 }, color: '#111827' };
  Object.keys(o.scales || {}).forEach(function (id) {
    var sc = o.scales[id], fmt = spec.formats[id];
    if (sc.type === 'category' || !fmt || !TICKS[fmt]) return;
    sc.ticks = sc.ticks || {};
    var log = sc.type === 'logarithmic';
    // Ticks at the values the run swept (asyncbenchTicks), instead of Chart.js's own 1-2-5 steps.
    var at = sc.asyncbenchTicks;
    delete sc.asyncbenchTicks;
    if (at && at.length) sc.afterBuildTicks = function (axis) { axis.ticks = at.map(function (v) { return { value: v }; }); };
    sc.ticks.callback = function (v) {
      if (log && !(at && at.length)) {
        var m = Number(v) / Math.pow(10, Math.floor(Math.log10(Number(v))));
        if ([1, 2, 5].indexOf(Math.round(m * 1000) / 1000) < 0) return null;
      }
      return TICKS[fmt](Number(v));
    };
  });
  o.plugins.tooltip = o.plugins.tooltip || {};
  o.plugins.tooltip.callbacks = {
    label: function (ctx) {
      var ds = ctx.dataset, axisId = ds.yAxisID || 'y', f = FORMATS[spec.formats[axisId]] || FORMATS.plain;
      var y = ctx.parsed.y;
      return ds.label + ': ' + (y === null || y === undefined ? 'n/a' : f(y));
    },
    afterLabel: function (ctx) { return ctx.raw && ctx.raw.note ? ctx.raw.note : ''; }
  };
  if (spec.formats.x === 'nines' || spec.formats.x === 'connections') {
    o.plugins.tooltip.callbacks.title = function (items) {
      if (!items.length) return '';
      var x = items[0].parsed.x;
      return spec.formats.x === 'nines' ? 'percentile ' + nines(x) : f0.format(x) + ' connections';
    };
  }
  return cfg;
}
`;

/** White background under the chart: PNGs are transparent otherwise and unreadable on dark pages. */
export const WHITE_BACKGROUND_JS = String.raw`
var asyncbenchWhiteBackground = {
  id: 'asyncbenchWhiteBackground',
  beforeDraw: function (chart) {
    var c = chart.ctx;
    c.save();
    c.globalCompositeOperation = 'destination-over';
    c.fillStyle = '#ffffff';
    c.fillRect(0, 0, chart.width, chart.height);
    c.restore();
  }
};
`;
