// A running query's page: its rows into the table as they arrive (polling every second with the shard iterator the
// last answer gave), and the query stopped when the user leaves the page.
(function () {
  const table = document.getElementById('sql-rows');
  const stop = document.getElementById('stop-query');
  if (!table || !stop) return;
  const head = table.querySelector('thead tr');
  const body = table.querySelector('tbody');
  const status = document.getElementById('query-status');
  const count = document.getElementById('row-count');
  const KEEP = 1000;
  let columns = null;
  let iterator = '';
  let received = 0;
  let ended = false;
  function cell(value) {
    const td = document.createElement('td');
    td.textContent = value === null || value === undefined ? 'NULL'
      : typeof value === 'object' ? JSON.stringify(value) : String(value);
    return td;
  }
  function add(row) {
    if (!columns) {
      columns = Object.keys(row);
      for (const name of columns) {
        const th = document.createElement('th');
        th.textContent = name;
        head.appendChild(th);
      }
    }
    const tr = document.createElement('tr');
    tr.className = 'row';
    for (const name of columns) tr.appendChild(cell(row[name]));
    body.appendChild(tr);
    while (body.rows.length > KEEP) body.deleteRow(0);
    received++;
  }
  function poll() {
    fetch(table.dataset.src + '?iterator=' + encodeURIComponent(iterator), { credentials: 'same-origin' })
      .then(r => r.ok ? r.json() : Promise.reject(r.status))
      .then(out => {
        status.textContent = out.status;
        out.rows.forEach(add);
        count.textContent = String(received);
        table.dataset.rows = String(received);
        if (out.next) iterator = out.next;
      })
      .catch(code => {
        if (code === 404) {
          status.textContent = 'DELETED';
          ended = true;
        }
      })
      .finally(() => { if (!ended) setTimeout(poll, 1000); });
  }
  stop.addEventListener('submit', () => { ended = true; });
  // Leaving the page ends the query: its application and stream are deleted (the time limit catches the rest).
  window.addEventListener('pagehide', () => {
    if (!ended) {
      ended = true;
      navigator.sendBeacon(stop.action, new URLSearchParams(new FormData(stop)));
    }
  });
  poll();
})();
