// Live charts of a stream page: the last hour of the stream's rates from the console's JSON, asked again every
// data-refresh seconds. An API's refusal (AWS's error type and message) is shown where the charts would be.
(function () {
  const box = document.querySelector('.charts');
  if (!box || typeof uPlot === 'undefined') return;
  const charts = {};
  const specs = {
    'chart-bytes': [['incomingBytes', 'Incoming bytes/s', '#0073bb'], ['getRecordsBytes', 'GetRecords bytes/s', '#1d8102']],
    'chart-records': [['incomingRecords', 'Incoming records/s', '#0073bb'], ['getRecordsRecords', 'GetRecords records/s', '#1d8102'], ['throttled', 'Throttled/s', '#d13212']],
    'chart-age': [['iteratorAgeMillis', 'Iterator age (ms)', '#8d6605']]
  };
  // One series per enhanced fan-out consumer: the charts are drawn anew when the consumers change.
  const byConsumer = { 'chart-fanout-bytes': 'fanOutBytes', 'chart-fanout-age': 'millisBehindLatest' };
  const palette = ['#0073bb', '#1d8102', '#8d6605', '#d13212', '#6b40b2', '#007e8a'];
  function plot(id, labels, columns) {
    const figure = document.getElementById(id);
    const key = labels.map(l => l[0]).join('\n');
    if (charts[id] && charts[id].key !== key) {
      charts[id].chart.destroy();
      delete charts[id];
    }
    if (!charts[id]) {
      const chart = new uPlot({
        width: 360, height: 180,
        series: [{}].concat(labels.map(l => ({ label: l[0], stroke: l[1] }))),
        axes: [{}, { size: 60 }]
      }, columns, figure);
      charts[id] = { chart: chart, key: key };
    } else {
      charts[id].chart.setData(columns);
    }
  }
  const error = document.getElementById('charts-error');
  function refused(text) {
    error.textContent = text;
    error.hidden = false;
    box.querySelectorAll('figure').forEach(f => { f.hidden = true; });
  }
  function draw(data) {
    error.hidden = true;
    box.querySelectorAll('figure').forEach(f => { f.hidden = false; });
    for (const [id, series] of Object.entries(specs)) {
      document.getElementById(id).dataset.points = String(data.t.length);
      plot(id, series.map(s => [s[1], s[2]]), [data.t].concat(series.map(s => data[s[0]])));
    }
    const consumers = Object.keys(data.consumers || {}).sort();
    for (const [id, field] of Object.entries(byConsumer)) {
      const figure = document.getElementById(id);
      const columns = consumers.map(c => data.consumers[c][field]);
      // Points where some consumer has a value: a consumer's series is null before its first two samples.
      figure.dataset.points = String(data.t.filter((_, i) => columns.some(col => col[i] !== null)).length);
      figure.dataset.consumers = consumers.join(' ');
      figure.querySelector('figcaption').dataset.error = data.consumersError || '';
      figure.title = data.consumersError || '';
      if (consumers.length > 0) {
        plot(id, consumers.map((c, i) => [c, palette[i % palette.length]]), [data.t].concat(columns));
      }
    }
  }
  function refresh() {
    fetch(box.dataset.src, { credentials: 'same-origin' })
      .then(r => r.json().then(body => r.ok ? draw(body) : refused((body.__type || r.status) + ': ' + (body.message || ''))))
      .catch(() => {});
  }
  refresh();
  setInterval(refresh, 1000 * Number(box.dataset.refresh || 5));
})();
