// The live view: one EventSource on /live/events (the balancer pushes at most 10 messages a
// second), everything drawn with the DOM and <canvas>; no library, nothing from another origin.
// Every string that comes from the balancer (worker ids, errors) goes in as text, never as HTML.
(function () {
  'use strict';

  var TOKEN_KEY = 'sync-async-lab.admin-token';
  var STATS_MS = 10000;
  var HISTORY_MS = 60000;
  var COLORS = {
    sync: '#1f78b4', async: '#f07800', virtual: '#cc79a7', failed: '#e31a1c', queue: '#c9d4de', waiting: '#6a3d9a',
    inflight: '#33a02c', ink: '#222', faint: '#777', grid: '#e2e2e2', bandEven: '#f7f7f7', bandOdd: '#ededed'
  };
  /** Workers with at most this many slots get one square (and one timeline band) per slot. */
  var MAX_SQUARES = 32;

  var state = {
    tickMs: 100, pools: [], topology: null, queueMax: 0, workers: [], history: [], requests: [],
    switches: [], now: 0, busy: {}, burst: null, burstDetails: null, fetchingBurst: null
  };

  function $(id) { return document.getElementById(id); }

  function text(id, value) {
    var el = $(id);
    if (el && el.textContent !== String(value)) { el.textContent = String(value); }
  }

  function message(kind, words) {
    var el = $('message');
    el.dataset.kind = kind;
    el.textContent = words;
  }

  // ---- the stream ----

  function connect() {
    var events = new EventSource('/live/events');
    events.addEventListener('hello', function (e) { onHello(JSON.parse(e.data)); });
    events.onmessage = function (e) { onTick(JSON.parse(e.data)); };
    events.onopen = function () { status('live'); };
    // The browser reconnects by itself (the stream's retry: 1 s); a restarted balancer sends a new hello.
    events.onerror = function () { status('reconnecting'); };
  }

  function status(s) {
    var el = $('status');
    el.dataset.state = s;
    el.textContent = s === 'live' ? 'live' : 'reconnecting...';
  }

  function onHello(m) {
    state.tickMs = m.tickMs;
    state.pools = m.pools;
    state.history = m.history.map(function (h) { return { t: h[0], waiting: h[1], inFlight: h[2], done: h[3] }; });
    state.requests = m.requests.map(request);
    state.switches = m.switches;
    state.busy = {};
    apply(m);
    status('live');
    render();
  }

  function onTick(m) {
    state.history.push({ t: m.t, waiting: m.queue.waiting, inFlight: m.inFlight, done: m.done, skipped: m.skipped });
    state.history[state.history.length - 1].costUs = m.tickCostUs;
    renderCost();
    m.requests.forEach(function (r) { state.requests.push(request(r)); });
    m.switches.forEach(function (s) { state.switches.push(s); });
    apply(m);
    forget();
    trackBusy(m.requests.map(request));
    render();
  }

  /** A request as the balancer sends it: [seq, id, arrivalUs, dispatchUs, endUs, worker, slot, status, queueMs, topology, tag]. */
  function request(a) {
    return {
      seq: a[0], id: a[1], arrival: a[2], dispatch: a[3], end: a[4], worker: a[5], slot: a[6], status: a[7],
      queueMs: a[8], topology: a[9], tag: a[10]
    };
  }

  function apply(m) {
    state.now = m.t;
    state.topology = m.topology;
    state.queueMax = m.queue.max;
    state.workers = m.workers.slice().sort(byWorker);
    if (m.burst) {
      state.burst = m.burst;
      // Every completion time comes once, from GET /live/burst, when the burst is over.
      if (m.burst.state === 'done' && (!state.burstDetails || state.burstDetails.id !== m.burst.id)
          && state.fetchingBurst !== m.burst.id) {
        fetchBurstDetails(m.burst.id);
      }
    }
  }

  function forget() {
    var keepUs = Math.max(STATS_MS, windowMs()) * 1000;
    state.requests = state.requests.filter(function (r) { return r.end >= state.now - keepUs; });
    state.history = state.history.filter(function (h) { return h.t >= state.now - HISTORY_MS * 1000; });
    state.switches = state.switches.filter(function (s) { return s.atUs >= state.now - 30000 * 1000; });
  }

  /**
   * Which slots are busy comes from each worker's in-flight count (a worker takes its lowest free
   * slot, so n in flight are slots 0..n-1); since when is the end of the slot's previous request
   * when it ended within the last tick (back to back), else the tick that first saw it busy.
   */
  function trackBusy(fresh) {
    var lastEnd = {};
    fresh.forEach(function (r) {
      var key = r.worker + '/' + r.slot;
      lastEnd[key] = Math.max(lastEnd[key] || 0, r.end);
    });
    var busy = {};
    state.workers.forEach(function (w) {
      if (w.inFlightLimit > MAX_SQUARES) { return; }
      for (var s = 0; s < Math.min(w.inFlight, w.inFlightLimit); s++) {
        var key = w.id + '/' + s;
        var before = state.busy[key];
        var since = before === undefined ? state.now - state.tickMs * 500 : before;
        if (lastEnd[key] && lastEnd[key] >= since) { since = lastEnd[key]; }
        busy[key] = since;
      }
    });
    state.busy = busy;
  }

  // ---- numbers ----

  /** Nearest rank, the lab's one definition of a percentile (measurements.Percentiles, theory.Batch). */
  function percentile(sorted, p) {
    if (sorted.length === 0) { return NaN; }
    return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)];
  }

  function fmt(ms) {
    if (ms === null || ms === undefined || isNaN(ms)) { return '-'; }
    return ms >= 100 ? String(Math.round(ms)) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2);
  }

  function rate(v) { return v >= 100 ? String(Math.round(v)) : v.toFixed(1); }

  function windowStats() {
    var from = state.now - STATS_MS * 1000;
    var recent = state.requests.filter(function (r) { return r.end >= from; });
    var waits = recent.map(function (r) { return r.queueMs; }).sort(numeric);
    var latencies = recent.map(function (r) { return (r.end - r.arrival) / 1000; }).sort(numeric);
    var skipped = 0;
    var done = 0;
    state.history.forEach(function (h) {
      if (h.t >= from) { skipped += h.skipped || 0; done += h.done; }
    });
    return {
      waitP50: percentile(waits, 0.5), waitP99: percentile(waits, 0.99), latP50: percentile(latencies, 0.5),
      latP99: percentile(latencies, 0.99), errors: recent.filter(function (r) { return r.status !== 200; }).length,
      count: recent.length, skipped: skipped, done: done
    };
  }

  function requestsPerSecond(atUs) {
    var sum = 0;
    var oldest = atUs;
    state.history.forEach(function (h) {
      if (h.t > atUs - 1000000 && h.t <= atUs) { sum += h.done; oldest = Math.min(oldest, h.t - state.tickMs * 1000); }
    });
    var spanS = Math.max(state.tickMs / 1000, (atUs - oldest) / 1e6);
    return sum / spanS;
  }

  function numeric(a, b) { return a - b; }

  /** sync-2 before sync-10: the prefix, then the trailing number as a number. */
  function naturally(a, b) {
    var ma = /^(.*?)(\d+)$/.exec(a || '');
    var mb = /^(.*?)(\d+)$/.exec(b || '');
    if (ma && mb && ma[1] === mb[1]) { return Number(ma[2]) - Number(mb[2]); }
    return String(a).localeCompare(String(b));
  }

  function byWorker(a, b) {
    var pa = state.pools.indexOf(a.kind);
    var pb = state.pools.indexOf(b.kind);
    return pa !== pb ? pa - pb : naturally(a.id, b.id);
  }

  function windowMs() { return Number($('window').value) * 1000; }

  // ---- rendering ----

  function render() {
    renderTiles();
    renderSwitch();
    renderPools();
    renderQueueChart();
    renderRpsChart();
    renderTimeline();
    renderBurst();
  }

  function activeSlots() {
    var slots = 0;
    state.workers.forEach(function (w) {
      if (w.active && w.state === 'ready') { slots += w.inFlightLimit; }
    });
    return slots;
  }

  /** What watching costs the balancer: the ticks of the last second, as each one reported the one before. */
  function renderCost() {
    var recent = state.history.slice(-10).filter(function (h) { return h.costUs !== undefined; });
    if (recent.length === 0) { return; }
    var meanUs = recent.reduce(function (s, h) { return s + h.costUs; }, 0) / recent.length;
    text('tick-cost', (meanUs / 1000).toFixed(2) + ' ms per tick over the last second ('
        + (meanUs / (state.tickMs * 10)).toFixed(1) + '% of its time)');
  }

  function renderTiles() {
    var last = state.history.length ? state.history[state.history.length - 1] : null;
    text('queue-now', last ? last.waiting : '-');
    text('queue-peak', state.history.reduce(function (m, h) { return Math.max(m, h.waiting); }, 0));
    text('in-flight-now', last ? last.inFlight : '-');
    text('active-slots', activeSlots());
    text('rps', last ? rate(requestsPerSecond(state.now)) : '-');
    var s = windowStats();
    text('wait-p50', fmt(s.waitP50));
    text('wait-p99', fmt(s.waitP99));
    text('lat-p50', fmt(s.latP50));
    text('lat-p99', fmt(s.latP99));
    text('errors', s.errors);
    text('sampled', s.skipped > 0 ? 'a sample: percentiles from ' + s.count + ' of ' + s.done + ' requests'
        : 'of the requests in the last 10 s');
    var pool = $('active-pool');
    pool.textContent = state.topology || '-';
    pool.dataset.pool = state.topology || '';
  }

  /** One button per pool that has workers (and the active one): built once per set, so clicks never hit a stale one. */
  function renderSwitch() {
    var present = state.pools.filter(function (p) {
      return p === state.topology || state.workers.some(function (w) { return w.kind === p; });
    });
    var box = $('topology-switch');
    if (box.dataset.pools !== present.join(',')) {
      box.dataset.pools = present.join(',');
      box.replaceChildren();
      present.forEach(function (p) {
        var b = document.createElement('button');
        b.type = 'button';
        b.dataset.pool = p;
        b.textContent = p;
        b.addEventListener('click', function () { switchTo(p); });
        box.appendChild(b);
      });
    }
    Array.prototype.forEach.call(box.children, function (b) {
      b.setAttribute('aria-pressed', String(b.dataset.pool === state.topology));
    });
  }

  function renderPools() {
    var root = $('pools');
    var seen = {};
    state.pools.forEach(function (p) {
      var workers = state.workers.filter(function (w) { return w.kind === p; });
      if (workers.length === 0 && p !== state.topology) { return; }
      seen[p] = true;
      var el = child(root, 'pool-' + p, function () {
        var d = document.createElement('div');
        d.className = 'pool';
        d.dataset.pool = p;
        var h = document.createElement('h3');
        h.append(p + ' pool');
        var badge = document.createElement('span');
        badge.className = 'badge';
        badge.textContent = 'ACTIVE';
        var summary = document.createElement('span');
        summary.className = 'summary';
        h.append(badge, summary);
        d.appendChild(h);
        return d;
      });
      var active = p === state.topology;
      el.dataset.active = String(active);
      el.querySelector('.badge').hidden = !active;
      var busy = workers.reduce(function (s, w) { return s + w.inFlight; }, 0);
      var limit = workers.reduce(function (s, w) { return s + w.inFlightLimit; }, 0);
      el.querySelector('.summary').textContent = workers.length + ' worker' + (workers.length === 1 ? '' : 's')
          + ', ' + busy + ' in flight' + (limit <= MAX_SQUARES * workers.length ? ' of ' + limit + ' slots' : '');
      renderWorkers(el, workers);
    });
    Array.prototype.slice.call(root.children).forEach(function (c) {
      if (!seen[c.dataset.pool]) { c.remove(); }
    });
  }

  function renderWorkers(poolEl, workers) {
    var ids = {};
    workers.forEach(function (w) {
      ids[w.id] = true;
      var row = null;
      poolEl.querySelectorAll('.worker').forEach(function (r) { if (r.dataset.worker === w.id) { row = r; } });
      if (!row) {
        row = document.createElement('div');
        row.className = 'worker';
        row.dataset.worker = w.id;
        ['name', 'state', 'slots', 'count'].forEach(function (c) {
          var s = document.createElement('span');
          s.className = c;
          row.appendChild(s);
        });
        row.querySelector('.name').textContent = w.id;
        row.querySelector('.name').title = w.id + ' at ' + w.address;
        poolEl.appendChild(row);
      }
      row.dataset.state = w.state;
      row.querySelector('.state').textContent = w.state;
      drawSlots(row.querySelector('.slots'), w);
      row.querySelector('.count').textContent = w.inFlightLimit > MAX_SQUARES
          ? w.inFlight + ' in flight (cap ' + w.inFlightLimit + '), ' + w.served + ' served'
          : w.served + ' served';
    });
    poolEl.querySelectorAll('.worker').forEach(function (r) { if (!ids[r.dataset.worker]) { r.remove(); } });
  }

  function drawSlots(box, w) {
    if (w.inFlightLimit > MAX_SQUARES) {
      if (!box.firstChild || box.firstChild.className !== 'meter') {
        box.replaceChildren();
        var meter = document.createElement('span');
        meter.className = 'meter';
        var fill = document.createElement('span');
        fill.className = 'fill';
        meter.appendChild(fill);
        box.appendChild(meter);
      }
      // Square-root scale: 1 in flight shows, and so does 500.
      box.firstChild.firstChild.style.width = (100 * Math.sqrt(Math.min(1, w.inFlight / w.inFlightLimit))) + '%';
      return;
    }
    while (box.children.length > w.inFlightLimit) { box.lastChild.remove(); }
    while (box.children.length < w.inFlightLimit) {
      var s = document.createElement('span');
      s.className = 'slot';
      box.appendChild(s);
    }
    Array.prototype.forEach.call(box.children, function (s, i) {
      s.classList.toggle('busy', i < w.inFlight);
    });
  }

  function child(root, key, make) {
    var found = null;
    Array.prototype.forEach.call(root.children, function (c) { if (c.dataset.key === key) { found = c; } });
    if (!found) {
      found = make();
      found.dataset.key = key;
      root.appendChild(found);
    }
    return found;
  }

  /** A canvas sized to its box on this screen; returns its 2D context in CSS pixels. */
  function canvas(id) {
    var c = $(id);
    var ratio = window.devicePixelRatio || 1;
    var w = c.clientWidth;
    var h = c.clientHeight;
    if (c.width !== Math.round(w * ratio) || c.height !== Math.round(h * ratio)) {
      c.width = Math.round(w * ratio);
      c.height = Math.round(h * ratio);
    }
    var g = c.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, w, h);
    g.font = '11px system-ui, sans-serif';
    return { g: g, w: w, h: h, el: c };
  }

  /** A y axis from 0 to a round maximum at least {@code max}, with its grid; returns y(value). */
  function yAxis(cv, left, top, bottom, max, unit) {
    var step = niceStep(max / 4);
    var top2 = Math.max(step, Math.ceil(max / step) * step);
    var g = cv.g;
    g.strokeStyle = COLORS.grid;
    g.fillStyle = COLORS.faint;
    g.textAlign = 'right';
    g.lineWidth = 1;
    for (var v = 0; v <= top2 + 1e-9; v += step) {
      var y = bottom - (bottom - top) * v / top2;
      g.beginPath();
      g.moveTo(left, Math.round(y) + 0.5);
      g.lineTo(cv.w - 8, Math.round(y) + 0.5);
      g.stroke();
      g.fillText(label(v, unit), left - 4, y + 4);
    }
    return function (value) { return bottom - (bottom - top) * value / top2; };
  }

  function niceStep(raw) {
    if (!(raw > 0)) { return 1; }
    var p = Math.pow(10, Math.floor(Math.log10(raw)));
    var f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 5 ? 5 : 10) * p;
  }

  function label(v, unit) {
    if (unit === ' ms' && v >= 1000) { return (v / 1000) + ' s'; }
    return (v >= 1000 ? (v / 1000) + 'k' : String(Math.round(v * 100) / 100)) + (unit || '');
  }

  function timeAxis(cv, left, right, bottom, spanMs, top) {
    var g = cv.g;
    var stepS = spanMs > 20000 ? 10 : spanMs > 10000 ? 5 : 1;
    g.fillStyle = COLORS.faint;
    g.textAlign = 'center';
    for (var s = 0; s * 1000 <= spanMs; s += stepS) {
      var x = right - (right - left) * s * 1000 / spanMs;
      g.strokeStyle = COLORS.grid;
      g.beginPath();
      g.moveTo(Math.round(x) + 0.5, top);
      g.lineTo(Math.round(x) + 0.5, bottom);
      g.stroke();
      g.fillText(s === 0 ? 'now' : '-' + s + ' s', x, bottom + 13);
    }
    return function (us) { return right - (right - left) * (state.now - us) / 1000 / spanMs; };
  }

  function renderQueueChart() {
    var cv = canvas('queue-chart');
    var left = 40, right = cv.w - 8, top = 8, bottom = cv.h - 18;
    var max = 4;
    state.history.forEach(function (h) { max = Math.max(max, h.waiting, h.inFlight); });
    var y = yAxis(cv, left, top, bottom, max);
    var x = timeAxis(cv, left, right, bottom, HISTORY_MS, top);
    line(cv.g, state.history, x, function (h) { return y(h.inFlight); }, COLORS.inflight);
    line(cv.g, state.history, x, function (h) { return y(h.waiting); }, COLORS.waiting);
    cv.el.dataset.peak = String(state.history.reduce(function (m, h) { return Math.max(m, h.waiting); }, 0));
  }

  function renderRpsChart() {
    var cv = canvas('rps-chart');
    var left = 40, right = cv.w - 8, top = 8, bottom = cv.h - 18;
    var points = state.history.map(function (h) { return { t: h.t, v: requestsPerSecond(h.t) }; });
    var max = points.reduce(function (m, p) { return Math.max(m, p.v); }, 1);
    var y = yAxis(cv, left, top, bottom, max);
    var x = timeAxis(cv, left, right, bottom, HISTORY_MS, top);
    line(cv.g, points, x, function (p) { return y(p.v); }, COLORS.ink);
  }

  function line(g, points, x, y, color) {
    if (points.length === 0) { return; }
    g.strokeStyle = color;
    g.lineWidth = 2;
    g.beginPath();
    points.forEach(function (p, i) {
      var px = x(p.t);
      var py = y(p);
      if (i === 0) { g.moveTo(px, py); } else { g.lineTo(px, py); }
    });
    g.stroke();
    g.lineWidth = 1;
  }

  /** The bands: every slot of a worker with few slots, and every other worker's slots that served in the window. */
  function bands(inWindow) {
    var keys = {};
    var list = [];
    function add(worker, slot, kind) {
      var key = worker + '/' + slot;
      if (!keys[key]) {
        keys[key] = { key: key, worker: worker, slot: slot, kind: kind, items: [] };
        list.push(keys[key]);
      }
      return keys[key];
    }
    state.workers.forEach(function (w) {
      if (w.inFlightLimit <= MAX_SQUARES) {
        for (var s = 0; s < w.inFlightLimit; s++) { add(w.id, s, w.kind); }
      }
    });
    inWindow.forEach(function (r) {
      if (r.worker !== null) { add(r.worker, r.slot, r.topology).items.push(r); }
    });
    Object.keys(state.busy).forEach(function (key) {
      var band = keys[key];
      if (band) { band.items.push({ running: true, dispatch: state.busy[key], end: state.now, topology: band.kind }); }
    });
    var kinds = {};
    state.workers.forEach(function (w) { kinds[w.id] = w.kind; });
    list.sort(function (a, b) {
      var pa = state.pools.indexOf(kinds[a.worker] || a.kind);
      var pb = state.pools.indexOf(kinds[b.worker] || b.kind);
      return pa !== pb ? pa - pb : a.worker !== b.worker ? naturally(a.worker, b.worker) : a.slot - b.slot;
    });
    list.forEach(function (b) { b.items.sort(function (p, q) { return p.dispatch - q.dispatch; }); });
    return list;
  }

  function renderTimeline() {
    var cv = canvas('timeline');
    var g = cv.g;
    var span = windowMs();
    var left = 110, right = cv.w - 8, top = 4, bottom = cv.h - 18;
    var from = state.now - span * 1000;
    var inWindow = state.requests.filter(function (r) { return r.end >= from; });
    var list = bands(inWindow);
    var bandH = list.length ? (bottom - top) / list.length : 0;
    list.forEach(function (b, i) {
      g.fillStyle = i % 2 === 0 ? COLORS.bandEven : COLORS.bandOdd;
      g.fillRect(left, top + i * bandH, right - left, bandH);
    });
    var x = timeAxis(cv, left, right, bottom, span, top);
    var drawn = 0;
    var lastLabel = -Infinity;
    list.forEach(function (b, i) {
      var y0 = top + i * bandH;
      var lane = bandH / Math.max(1, b.items.length);
      var h = lane >= 3 ? lane - 1 : Math.max(lane, 0.75);
      b.items.forEach(function (r, k) {
        var y = y0 + k * lane + (lane - h) / 2;
        var dispatch = r.dispatch || r.arrival;
        if (!r.running && dispatch > r.arrival) {
          g.fillStyle = COLORS.queue;
          g.fillRect(Math.max(left, x(r.arrival)), y, Math.max(0.5, x(dispatch) - Math.max(left, x(r.arrival))), h);
        }
        var x0 = Math.max(left, x(dispatch));
        var width = Math.max(1, x(r.end) - x0);
        g.fillStyle = r.running ? pattern(g, COLORS[r.topology] || COLORS.ink)
            : r.status === 200 ? (COLORS[r.topology] || COLORS.ink) : COLORS.failed;
        g.fillRect(x0, y, width, h);
        if (!r.running) { drawn++; }
      });
      if (y0 + bandH / 2 - lastLabel >= 12) {
        g.fillStyle = COLORS.ink;
        g.textAlign = 'right';
        g.fillText(b.worker + ' /' + b.slot, left - 6, y0 + bandH / 2 + 4);
        lastLabel = y0 + bandH / 2;
      }
    });
    state.switches.forEach(function (s, i) {
      if (s.atUs < from) { return; }
      var sx = Math.round(x(s.atUs)) + 0.5;
      g.strokeStyle = COLORS.ink;
      g.setLineDash([4, 3]);
      g.beginPath();
      g.moveTo(sx, top);
      g.lineTo(sx, bottom);
      g.stroke();
      g.setLineDash([]);
      g.fillStyle = COLORS.ink;
      g.textAlign = 'left';
      // Alternate rows, so two switches close together keep both labels readable.
      g.fillText(s.from + ' -> ' + s.to, sx + 3, top + 11 + (i % 2) * 12);
    });
    if (list.length === 0) {
      g.fillStyle = COLORS.faint;
      g.textAlign = 'center';
      g.fillText('no worker yet', (left + right) / 2, (top + bottom) / 2);
    }
    cv.el.dataset.requests = String(drawn);
    cv.el.dataset.bands = String(list.length);
  }

  var patterns = {};

  function pattern(g, color) {
    if (!patterns[color]) {
      var tile = document.createElement('canvas');
      tile.width = 6;
      tile.height = 6;
      var t = tile.getContext('2d');
      t.fillStyle = color;
      t.globalAlpha = 0.35;
      t.fillRect(0, 0, 6, 6);
      t.globalAlpha = 1;
      t.strokeStyle = color;
      t.lineWidth = 2;
      t.beginPath();
      t.moveTo(0, 6);
      t.lineTo(6, 0);
      t.stroke();
      patterns[color] = g.createPattern(tile, 'repeat');
    }
    return patterns[color];
  }

  // ---- the burst ----

  function renderBurst() {
    var b = state.burst;
    var box = $('burst-result');
    if (!b) { return; }
    box.dataset.state = b.state;
    box.dataset.burst = String(b.id);
    text('burst-title', 'burst ' + b.id + ': ' + b.n + ' x io=' + b.io + ' cpu=' + b.cpu + ' on the ' + b.pool
        + ' pool (' + b.predicted.slots + ' slot' + (b.predicted.slots === 1 ? '' : 's') + ' for it) - '
        + (b.state === 'done' ? 'done: ' : 'running: ') + b.answered + ' of ' + b.n + ' answered'
        + (b.failed ? ', ' + b.failed + ' not 200' : '') + ', ' + fmt(b.elapsedMs) + ' ms');
    var p = b.predicted;
    var m = b.measured || {};
    var v = b.state === 'done' ? m.verdict : null;
    var outside = v ? v.outside : [];
    var countable = b.state === 'done' && m.waves !== null && m.waves !== undefined;
    text('pred-waves', p.waves);
    text('meas-waves', countable ? m.waves : '-');
    text('err-waves', countable ? (m.waves === p.waves ? 'exact' : 'off by ' + (m.waves - p.waves)) : '-');
    $('err-waves').dataset.outside = String(outside.indexOf('waves') >= 0);
    ['p50', 'p95', 'makespan', 'mean'].forEach(function (k) {
      text('pred-' + k, fmt(p[k]));
      text('meas-' + k, b.state === 'done' ? fmt(m[k]) : '-');
      text('err-' + k, v ? (v.errorPct[k] >= 0 ? '+' : '') + v.errorPct[k].toFixed(1) + '%' : '-');
      $('err-' + k).dataset.outside = String(outside.indexOf(k) >= 0);
    });
    var verdict = $('burst-verdict');
    verdict.dataset.verdict = v ? (v.agrees ? 'agrees' : 'disagrees') : 'none';
    text('burst-verdict', !v ? '' : v.agrees
        ? 'agrees with the theory: every statistic within ' + v.band + ', the waves exact'
        : 'DISAGREES with the theory (' + outside.join(', ') + ' outside ' + v.band + '): likely cause: '
          + v.likelyCause);
    text('burst-model', 'theory: ' + p.model + '; T = ' + fmt(p.waveMs) + ' ms of work, on ' + p.cores
        + ' core' + (p.cores === 1 ? '' : 's') + ', + a round trip of ' + fmt(p.roundTripMs)
        + ' ms (one empty request measured just before the burst). Measured from the first send.');
    renderBurstChart();
  }

  function fetchBurstDetails(id) {
    state.fetchingBurst = id;
    fetch('/live/burst', { cache: 'no-store' })
      .then(function (r) { return r.json(); })
      .then(function (body) { state.burstDetails = body.burst; renderBurstChart(); })
      .catch(function () { /* the next tick tries again */ })
      .then(function () { state.fetchingBurst = null; });
  }

  function renderBurstChart() {
    var d = state.burstDetails;
    var cv = canvas('burst-chart');
    if (!d || !state.burst || d.id !== state.burst.id) { return; }
    var left = 50, right = cv.w - 8, top = 8, bottom = cv.h - 18;
    var n = d.n;
    var max = Math.max(1, d.predicted.makespan);
    d.completions.forEach(function (v) { max = Math.max(max, v); });
    var y = yAxis(cv, left, top, bottom, max, ' ms');
    var g = cv.g;
    function x(i) { return left + (right - left) * (i + 0.5) / n; }
    g.fillStyle = COLORS.faint;
    g.textAlign = 'center';
    g.fillText('request 1', left + 20, bottom + 13);
    g.fillText('request ' + n, right - 24, bottom + 13);
    g.strokeStyle = COLORS.ink;
    g.lineWidth = 2;
    g.beginPath();
    d.predictedCompletions.forEach(function (v, i) {
      var x0 = left + (right - left) * i / n;
      var x1 = left + (right - left) * (i + 1) / n;
      if (i === 0) { g.moveTo(x0, y(v)); } else { g.lineTo(x0, y(v)); }
      g.lineTo(x1, y(v));
    });
    g.stroke();
    g.lineWidth = 1;
    g.fillStyle = COLORS.failed;
    var r = n > 200 ? 1.5 : 2.5;
    d.completions.forEach(function (v, i) {
      g.beginPath();
      g.arc(x(i), y(v), r, 0, 2 * Math.PI);
      g.fill();
    });
  }

  // ---- the admin calls: the token lives in this tab's sessionStorage only ----

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  function renderToken() {
    var has = !!token();
    $('token').hidden = has;
    $('token-save').hidden = has;
    $('token-forget').hidden = !has;
    $('token-state').textContent = has ? 'token set for this tab' : '';
  }

  function needToken() {
    if (token()) { return true; }
    message('error', 'Paste the admin token first (./lab up prints it; in containers: docker compose logs balancer | grep token).');
    $('token').focus();
    return false;
  }

  function adminCall(url) {
    return fetch(url, { method: 'POST', headers: { Authorization: 'Bearer ' + token() }, cache: 'no-store' })
      .then(function (r) {
        return r.text().then(function (t) {
          var body = {};
          try { body = JSON.parse(t); } catch (e) { body = { error: t }; }
          if (r.status === 401) {
            sessionStorage.removeItem(TOKEN_KEY);
            renderToken();
          }
          return { status: r.status, body: body };
        });
      });
  }

  function switchTo(pool) {
    if (!needToken()) { return; }
    adminCall('/admin/topology?topology=' + encodeURIComponent(pool)).then(function (r) {
      if (r.status === 202) {
        message('ok', 'Switched to the ' + r.body.topology + ' pool (was ' + r.body.was + ').');
      } else {
        message('error', (r.status === 401 ? 'The balancer refused the token: paste it again. ' : '')
            + (r.body.error || ('HTTP ' + r.status)));
      }
    }, function (e) { message('error', 'The switch did not reach the balancer: ' + e); });
  }

  function sendBurst(event) {
    event.preventDefault();
    if (!needToken()) { return; }
    ['n', 'io', 'cpu'].forEach(function (k) { $('burst-' + k).removeAttribute('aria-invalid'); });
    var query = 'n=' + encodeURIComponent($('burst-n').value) + '&io=' + encodeURIComponent($('burst-io').value || '0')
        + '&cpu=' + encodeURIComponent($('burst-cpu').value || '0');
    adminCall('/live/burst?' + query).then(function (r) {
      if (r.status === 202) {
        state.burst = r.body.burst;
        state.burstDetails = null;
        message('ok', 'Burst ' + r.body.burst.id + ' sent: ' + r.body.burst.n + ' requests at once.');
        renderBurst();
      } else {
        if (r.body.parameter && $('burst-' + r.body.parameter)) {
          $('burst-' + r.body.parameter).setAttribute('aria-invalid', 'true');
        }
        message('error', (r.status === 401 ? 'The balancer refused the token: paste it again. ' : '')
            + (r.body.error || ('HTTP ' + r.status)));
      }
    }, function (e) { message('error', 'The burst did not reach the balancer: ' + e); });
  }

  function start() {
    $('token-form').addEventListener('submit', function (e) {
      e.preventDefault();
      var value = $('token').value.trim();
      if (value) {
        sessionStorage.setItem(TOKEN_KEY, value);
        $('token').value = '';
        message('ok', 'Token kept for this tab; closing the tab forgets it.');
      }
      renderToken();
    });
    $('token-forget').addEventListener('click', function () {
      sessionStorage.removeItem(TOKEN_KEY);
      renderToken();
    });
    $('burst-form').addEventListener('submit', sendBurst);
    $('window').addEventListener('change', render);
    window.addEventListener('resize', render);
    renderToken();
    connect();
  }

  start();
}());
