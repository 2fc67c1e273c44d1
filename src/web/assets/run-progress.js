/* global document, window */
// Keeps a running simulation's page up to date: polls the run's status and reloads when it ends.
const box = document.getElementById('run-progress');
const percent = document.getElementById('run-percent');

async function poll() {
  const response = await fetch(box.dataset.statusUrl, { headers: { accept: 'application/json' } });
  if (!response.ok) return;
  const run = await response.json();
  if (run.status === 'DONE' || run.status === 'FAILED') {
    window.location.reload();
    return;
  }
  percent.textContent = String(Math.round(run.progress * 100));
  setTimeout(poll, 1500);
}

if (box && percent) setTimeout(poll, 1500);
