// The live partition page: one server-sent event every 500 ms carries a snapshot (PartitionMonitor); the grid shows
// where each sub-block is activated, the charts turn cumulative counters into rates.
const model = new URLSearchParams(location.search).get('model') || '';
const $ = id => document.getElementById(id);
const window_ = 120; // points kept per chart (one minute)
let previous = null;

function chart(id, labels) {
  if (!window.Chart) return null;
  return new Chart($(id), {
    type: 'line',
    data: { labels: [], datasets: labels.map(label => ({ label, data: [], pointRadius: 0, tension: .2 })) },
    options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true } } },
  });
}
const charts = { link: chart('linkChart', ['up (edge→cloud)', 'down (cloud→edge)']), crossings: chart('crossingChart', ['crossings/s']), tokens: chart('tokenChart', ['tokens/s']) };
if (!window.Chart) $('nocharts').hidden = false;

function push(c, label, values) {
  if (!c) return;
  c.data.labels.push(label);
  values.forEach((v, i) => c.data.datasets[i].data.push(v));
  if (c.data.labels.length > window_) { c.data.labels.shift(); c.data.datasets.forEach(d => d.data.shift()); }
  c.update();
}

function grid(cells) {
  const columns = [...new Set(cells.map(c => c.column))];
  const layers = [...new Set(cells.map(c => c.layer))].sort((a, b) => a - b);
  const table = $('grid');
  const rows = ['<tr><th></th>' + columns.map(c => `<th>${c}</th>`).join('') + '</tr>'];
  for (const layer of layers) {
    const byColumn = Object.fromEntries(cells.filter(c => c.layer === layer).map(c => [c.column, c]));
    rows.push(`<tr><th>L${layer}</th>` + columns.map(col => {
      const c = byColumn[col];
      if (!c) return '<td></td>';
      const tier = c.actual || 'idle';
      const moving = c.actual && c.actual !== c.planned ? ' moving' : '';
      return `<td class="cell ${tier}${moving}" data-subblock="${c.id}" data-tier="${tier}" data-planned="${c.planned}" title="${c.id}: runs on ${c.actual || 'nothing yet'}, planned ${c.planned}">${c.planned[0].toUpperCase()}</td>`;
    }).join('') + '</tr>');
  }
  table.innerHTML = rows.join('');
}

function render(s) {
  $('model').textContent = s.model;
  $('version').textContent = `v${s.plan.version} (codec ${s.plan.codec})`;
  $('version').dataset.version = s.plan.version;
  grid(s.cells);
  $('history').innerHTML = s.history.slice().reverse().map(h =>
    `<li>v${h.version} ${h.codec}: ${h.cloudSubBlocks}/${h.subBlocks} sub-blocks in the cloud, seen ${new Date(h.seen).toLocaleTimeString()}</li>`).join('');
  const b = s.backlog;
  $('backlog').innerHTML = `<dt>HTTP generations in progress</dt><dd>${b.gatewayRequests}</dd><dt>sessions active</dt><dd>${b.sessions}</dd>` +
    Object.entries(b.activationsPerSilo).map(([silo, n]) => `<dt>activations ${silo}</dt><dd>${n}</dd>`).join('');
  const l = s.link;
  $('emulated').textContent = l.emulatedUplinkMbps != null ? `(emulated link: ${l.emulatedUplinkMbps}/${l.emulatedDownlinkMbps} Mbit/s${l.emulatedUp === false ? ', DOWN' : ''})` : '(no emulated link)';
  if (previous) {
    const dt = (new Date(s.at) - new Date(previous.at)) / 1000;
    const label = new Date(s.at).toLocaleTimeString();
    if (dt > 0) {
      push(charts.link, label, [(l.bytesUp - previous.link.bytesUp) / dt, (l.bytesDown - previous.link.bytesDown) / dt]);
      push(charts.crossings, label, [(l.crossings - previous.link.crossings) / dt]);
      push(charts.tokens, label, [(s.gatewayTokens - previous.gatewayTokens) / dt]);
    }
  }
  previous = s;
}

const events = new EventSource('partition/events' + (model ? '?model=' + encodeURIComponent(model) : ''));
events.onmessage = e => { $('status').textContent = 'live'; $('status').className = ''; render(JSON.parse(e.data)); };
events.onerror = () => { $('status').textContent = 'disconnected, retrying…'; $('status').className = 'down'; };
