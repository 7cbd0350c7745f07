// Live charts of a stream page: every 5 seconds, the last hour of the stream's rates from the console's JSON.
(function () {
  const box = document.querySelector('.charts');
  if (!box || typeof uPlot === 'undefined') return;
  const charts = {};
  const specs = {
    'chart-bytes': [['incomingBytes', 'Incoming bytes/s', '#0073bb'], ['getRecordsBytes', 'GetRecords bytes/s', '#1d8102']],
    'chart-records': [['incomingRecords', 'Incoming records/s', '#0073bb'], ['getRecordsRecords', 'GetRecords records/s', '#1d8102'], ['throttled', 'Throttled/s', '#d13212']],
    'chart-age': [['iteratorAgeMillis', 'Iterator age (ms)', '#8d6605']]
  };
  function draw(data) {
    for (const [id, series] of Object.entries(specs)) {
      const columns = [data.t].concat(series.map(s => data[s[0]]));
      const figure = document.getElementById(id);
      figure.dataset.points = String(data.t.length);
      if (!charts[id]) {
        charts[id] = new uPlot({
          width: 360, height: 180,
          series: [{}].concat(series.map(s => ({ label: s[1], stroke: s[2] }))),
          axes: [{}, { size: 60 }]
        }, columns, figure);
      } else {
        charts[id].setData(columns);
      }
    }
  }
  function refresh() {
    fetch(box.dataset.src, { credentials: 'same-origin' })
      .then(r => r.ok ? r.json() : Promise.reject(r.status))
      .then(draw)
      .catch(() => {});
  }
  refresh();
  setInterval(refresh, 5000);
})();
