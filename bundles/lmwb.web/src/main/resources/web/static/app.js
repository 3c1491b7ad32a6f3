/*
 * The lmwb web page: a single page on the REST API of `lmwb serve`. Every datum comes from /api with the session
 * cookie; every state-changing call sends the session's CSRF token. Elements are built with the DOM API (no HTML
 * strings with data in them), so names and summaries from the server cannot inject markup.
 */
'use strict';

const state = {
  session: null,
  streams: [],
  timers: [],
  charts: [],
  compare: loadCompare(),
};

const RANKING_KINDS = ['ranking', 'validation'];
const PAGE_SIZE = 25;

// ---- small DOM helpers ------------------------------------------------------------------------------------------

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on')) el.addEventListener(k.substring(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

function main() {
  return document.getElementById('main');
}

function show(...children) {
  main().replaceChildren(...children.flat().filter(c => c !== null && c !== undefined && c !== false));
}

function fmt(x, digits = 4) {
  return typeof x === 'number' && isFinite(x) ? x.toFixed(digits) : (x === null || x === undefined ? '' : String(x));
}

function when(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return isNaN(d) ? iso : d.toLocaleString();
}

function table(columns, rows, caption) {
  return h('div', { class: 'scroll' },
    h('table', {},
      caption ? h('caption', { class: 'hint', text: caption }) : null,
      h('thead', {}, h('tr', {}, columns.map(c => h('th', { scope: 'col', text: c.title })))),
      h('tbody', {}, rows.map(r => h('tr', {}, columns.map(c => {
        const v = c.value(r);
        return h('td', { class: c.num ? 'num' : null }, v instanceof Node ? v : (v === undefined ? '' : String(v)));
      }))))));
}

function errorLine(message) {
  return h('p', { class: 'error', role: 'alert', text: message });
}

// ---- the REST API -----------------------------------------------------------------------------------------------

async function api(method, path, body, raw) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET' && state.session) headers['X-CSRF-Token'] = state.session.csrf_token;
  let payload;
  if (raw !== undefined) {
    payload = raw;
    headers['Content-Type'] = 'application/octet-stream';
  } else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers['Content-Type'] = 'application/json';
  }
  const r = await fetch(path, { method, headers, body: payload, credentials: 'same-origin' });
  const text = await r.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = text;
  }
  if (!r.ok) {
    const err = new Error((data && data.error) || ('HTTP ' + r.status));
    err.status = r.status;
    if (r.status === 401 && path !== '/api/session') {
      signedOut('Your session ended: ' + err.message);
    }
    throw err;
  }
  return data;
}

async function text(path) {
  const r = await fetch(path, { credentials: 'same-origin' });
  return r.ok ? r.text() : '';
}

// ---- sign-in ------------------------------------------------------------------------------------------------------

function signInPage(message) {
  const user = h('input', { id: 'signin-user', name: 'user', autocomplete: 'username', required: true, autocapitalize: 'none', spellcheck: 'false' });
  const token = h('input', { id: 'signin-token', name: 'token', type: 'password', autocomplete: 'current-password', required: true });
  const status = h('div', { id: 'signin-status', 'aria-live': 'polite' }, message ? errorLine(message) : null);
  const form = h('form', { class: 'signin', id: 'signin-form', onsubmit: async e => {
    e.preventDefault();
    status.replaceChildren(h('p', { text: 'Signing in…' }));
    try {
      // a token has its own shape (lmwb_<id>_<secret>); anything else is the password the user set
      const secret = token.value.trim();
      const body = /^lmwb_/.test(secret) ? { user: user.value.trim(), token: secret } : { user: user.value.trim(), password: secret };
      state.session = await api('POST', '/api/session', body);
      token.value = '';
      signedIn();
      if (!location.hash || location.hash === '#/signin') location.hash = '#/results';
      else route();
    } catch (err) {
      status.replaceChildren(errorLine(err.message));
      token.select();
    }
  } },
  h('h1', { text: 'Sign in to lmwb' }),
  h('p', { class: 'hint', text: 'Use your user name and the token an admin gave you (runtime/lmwb user add NAME, or user token NAME), or the password you set.' }),
  h('div', { class: 'field' }, h('label', { for: 'signin-user', text: 'User name' }), user),
  h('div', { class: 'field' }, h('label', { for: 'signin-token', text: 'Token or password' }), token),
  h('button', { type: 'submit', id: 'signin-submit', text: 'Sign in' }),
  status);
  document.title = 'Sign in · lmwb';
  show(form);
  user.focus();
}

function signedIn() {
  const s = state.session;
  document.getElementById('nav').hidden = false;
  document.getElementById('nav-new').hidden = !s.can_submit;
  document.getElementById('who').textContent = s.user + ' (' + s.role + ')';
  document.getElementById('signout').hidden = false;
  document.getElementById('password-link').hidden = false;
}

function signedOut(message) {
  closeStreams();
  destroyCharts();
  state.session = null;
  document.getElementById('nav').hidden = true;
  document.getElementById('who').textContent = '';
  document.getElementById('signout').hidden = true;
  document.getElementById('password-link').hidden = true;
  signInPage(message);
}

async function signOut() {
  try {
    await api('DELETE', '/api/session');
  } finally {
    signedOut('');
  }
}

// ---- routing ------------------------------------------------------------------------------------------------------

function parseHash() {
  const raw = location.hash.replace(/^#/, '') || '/results';
  const [p, q] = raw.split('?');
  return { parts: p.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(q || '') };
}

function closeStreams() {
  state.streams.forEach(s => s.close());
  state.streams = [];
  state.timers.forEach(t => clearInterval(t));
  state.timers = [];
}

function destroyCharts() {
  state.charts.forEach(c => c.destroy());
  state.charts = [];
}

async function route() {
  closeStreams();
  destroyCharts();
  if (!state.session) {
    signInPage('');
    return;
  }
  const { parts, params } = parseHash();
  const page = parts[0] || 'results';
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.page === page || (page === 'result' && a.dataset.page === 'results')) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  show(h('p', { class: 'hint', text: 'Loading…' }));
  try {
    switch (page) {
      case 'results': await resultsPage(params); break;
      case 'result': await resultPage(parts[1]); break;
      case 'compare': await comparePage(params); break;
      case 'jobs': await jobsPage(); break;
      case 'new': await newRankingPage(); break;
      case 'installed': await installedPage(); break;
      case 'password': passwordPage(); break;
      default: show(h('h1', { text: 'No such page' }), h('p', {}, h('a', { href: '#/results', text: 'Back to the results' })));
    }
  } catch (err) {
    if (err.status !== 401) show(h('h1', { text: 'Something went wrong' }), errorLine(err.message));
  }
}

// ---- results ------------------------------------------------------------------------------------------------------

const FILTERS = [
  ['kind', 'Kind', 'ranking, validation, training…'],
  ['dataset', 'Dataset', 'e.g. sentiment-sentences'],
  ['model', 'Model', 'e.g. all-minilm-l6-v2'],
  ['estimator', 'Estimator', 'e.g. hscore'],
  ['user', 'User', 'e.g. alice'],
];

async function resultsPage(params) {
  const query = new URLSearchParams();
  for (const [k] of FILTERS) if (params.get(k)) query.set(k, params.get(k));
  if (params.get('q')) query.set('q', params.get('q'));
  query.set('limit', PAGE_SIZE);
  if (params.get('cursor')) query.set('cursor', params.get('cursor'));
  const page = await api('GET', '/api/results?' + query);
  document.title = 'Results · lmwb';

  const inputs = {};
  const search = h('input', { id: 'search', name: 'q', type: 'search', value: params.get('q') || '', maxlength: '200',
    placeholder: 'words of the summary, id, models, estimators…', 'aria-describedby': 'search-hint' });
  const form = h('form', { class: 'filters', id: 'filters', role: 'search', onsubmit: e => {
    e.preventDefault();
    const q = new URLSearchParams();
    for (const [k] of FILTERS) if (inputs[k].value.trim()) q.set(k, inputs[k].value.trim());
    if (search.value.trim()) q.set('q', search.value.trim());
    location.hash = '#/results' + (q.toString() ? '?' + q : '');
  } },
  h('div', { class: 'wide' }, h('label', { for: 'search', text: 'Search' }), search,
    h('div', { class: 'hint', id: 'search-hint', text: 'every word, in any order, ignoring case; searched on the server over all results' })),
  FILTERS.map(([k, label, placeholder]) => {
    inputs[k] = h('input', { id: 'filter-' + k, name: k, value: params.get(k) || '', placeholder });
    return h('div', {}, h('label', { for: 'filter-' + k, text: label }), inputs[k]);
  }),
  h('div', {}, h('button', { type: 'submit', text: 'Filter' }), ' ', h('a', { href: '#/results', class: 'button secondary', text: 'Clear' })));

  const rows = page.results;
  const body = h('div', { id: 'results-table' });
  const count = h('p', { class: 'hint', 'aria-live': 'polite' });
  const compareButton = h('button', { type: 'button', id: 'compare-selected', class: 'secondary', onclick: () => {
    location.hash = '#/compare?ids=' + encodeURIComponent([...state.compare].join(','));
  } });
  const refreshCompare = () => {
    compareButton.textContent = 'Compare selected (' + state.compare.size + ')';
    compareButton.disabled = state.compare.size < 2;
  };
  refreshCompare();

  const render = () => {
    const shown = rows;
    count.textContent = rows.length + ' result' + (rows.length === 1 ? '' : 's') + ' on this page' + (page.next_cursor ? ' (more on the next pages)' : '');
    body.replaceChildren(shown.length === 0
      ? h('p', { id: 'no-results', text: params.get('q') ? 'No stored result holds every word of the search.' : 'No stored results match these filters.' })
      : table([
        { title: 'Compare', value: r => h('input', { type: 'checkbox', 'aria-label': 'compare ' + r.id, checked: state.compare.has(r.id) ? true : null,
          disabled: RANKING_KINDS.includes(r.kind) ? null : true, onchange: e => { toggleCompare(r.id, e.target.checked); refreshCompare(); } }) },
        { title: 'Created', value: r => when(r.created) },
        { title: 'Kind', value: r => r.kind },
        { title: 'Summary', value: r => h('a', { href: '#/result/' + encodeURIComponent(r.id), class: 'result-link', text: r.summary || r.id }) },
        { title: 'Dataset', value: r => r.dataset || '' },
        { title: 'Models', value: r => (r.models || []).join(', ') },
        { title: 'Estimators', value: r => (r.estimators || []).join(', ') },
        { title: 'User', value: r => r.user || '' },
      ], shown));
  };
  render();

  const next = new URLSearchParams(params);
  next.delete('cursor');
  const first = '#/results' + (next.toString() ? '?' + next : '');
  if (page.next_cursor) next.set('cursor', page.next_cursor);
  show(h('h1', { text: 'Results' }), form,
    h('div', { class: 'actions' }, compareButton, count), body,
    h('div', { class: 'pager' },
      params.get('cursor') ? h('a', { href: first, text: '« Newest' }) : null,
      page.next_cursor ? h('a', { href: '#/results?' + next, id: 'next-page', text: 'Older results »' }) : null));
}

function loadCompare() {
  try {
    return new Set(JSON.parse(sessionStorage.getItem('lmwb.compare') || '[]'));
  } catch (e) {
    return new Set();
  }
}

function toggleCompare(id, on) {
  if (on) state.compare.add(id);
  else state.compare.delete(id);
  sessionStorage.setItem('lmwb.compare', JSON.stringify([...state.compare]));
}

// ---- one result ---------------------------------------------------------------------------------------------------

async function resultPage(id) {
  const doc = await api('GET', '/api/results/' + encodeURIComponent(id));
  const cli = await text('/api/results/' + encodeURIComponent(id) + '?format=text');
  const title = doc.summary || id;
  document.title = title + ' · lmwb';
  const base = '/api/results/' + encodeURIComponent(doc.id || id);
  const downloads = h('div', { class: 'actions', id: 'downloads' },
    h('a', { href: base, download: (doc.id || id) + '.json', class: 'button secondary', text: 'JSON' }));
  const parts = [h('h1', { text: title }),
    h('p', { class: 'meta', text: [doc.kind, doc.id, doc.user && 'by ' + doc.user, when(doc.created)].filter(Boolean).join(' · ') }),
    downloads];
  if (RANKING_KINDS.includes(doc.kind) && Array.isArray(doc.estimators)) {
    rankingView(doc, cli, downloads, parts, base);
  } else {
    parts.push(h('h2', { text: 'As the command line shows it' }), h('pre', { id: 'cli-text', text: cleanCli(cli) || JSON.stringify(doc, null, 2) }));
    if (Array.isArray(doc.runs) && doc.runs.some(r => Array.isArray(r.epochs))) trainingView(doc, parts);
    if (doc.kind === 'similarity' && Array.isArray(doc.matrices)) similarityView(doc, parts);
    if (doc.kind === 'clusters' && Array.isArray(doc.curve)) clustersView(doc, parts);
    if (doc.kind === 'modelvec' && Array.isArray(doc.models)) modelVectorView(doc, parts);
    if (doc.kind === 'deltarank' && Array.isArray(doc.rows)) deltaRankView(doc, parts);
    if (doc.kind === 'prune' && Array.isArray(doc.layerwise)) pruneView(doc, parts);
  }
  parts.push(...storedFiles(doc, base, downloads));
  if (doc.provenance) parts.push(provenanceView(doc.provenance));
  show(...parts);
  drawPending();
}

/** The CLI's text without the lines that name server paths (the downloads replace them). */
function cleanCli(cli) {
  return (cli || '').split('\n').filter(l => !/^(plot|folder|files?):\s/.test(l) && !/^result \S+: \//.test(l)).join('\n').trim();
}

function rankingView(doc, cli, downloads, parts, base) {
  const inCompare = state.compare.has(doc.id);
  downloads.append(
    h('a', { href: URL.createObjectURL(new Blob([layerCsv(doc)], { type: 'text/csv' })), download: doc.id + '-layer-scores.csv', class: 'button secondary', text: 'CSV of layer scores' }),
    h('a', { href: base + '/files/layer-scores.svg', download: doc.id + '-layer-scores.svg', class: 'button secondary', text: 'SVG plot' }),
    h('button', { type: 'button', class: 'secondary', id: 'add-compare', 'aria-pressed': String(inCompare), onclick: e => {
      const on = !state.compare.has(doc.id);
      toggleCompare(doc.id, on);
      e.target.setAttribute('aria-pressed', String(on));
      e.target.textContent = on ? 'In the comparison (' + state.compare.size + ')' : 'Add to comparison';
    } }, inCompare ? 'In the comparison (' + state.compare.size + ')' : 'Add to comparison'));

  const ests = doc.estimators;
  const plotBox = h('div', { class: 'plot' });
  const select = h('select', { id: 'estimator-select' }, ests.map((e, i) => h('option', { value: i, text: e.estimator })));
  const toggles = h('div');
  const drawFor = i => {
    destroyCharts();
    toggles.replaceChildren(seriesToggles('layer-plot', ests[i].ranking.map(m => m.model), 'Models shown'));
    plotBox.replaceChildren(h('canvas', { id: 'layer-plot', role: 'img',
      'aria-label': 'Score per layer against relative depth, one line per model, estimator ' + ests[i].estimator }));
    pendingCharts.push(() => layerChart(plotBox.firstChild, ests[i].ranking.map(m => ({ label: m.model, model: m })),
      ests[i].estimator + ' score'));
  };
  select.addEventListener('change', () => { drawFor(Number(select.value)); drawPending(); });
  drawFor(0);
  parts.push(h('h2', { text: 'Ranking' }),
    h('pre', { id: 'ranking-text', text: cleanCli(cli) }),
    h('h2', { text: 'Score per layer' }),
    ests.length > 1 ? h('div', { class: 'field' }, h('label', { for: 'estimator-select', text: 'Estimator' }), select) : null,
    h('p', { class: 'hint', text: 'One line per model against relative depth (layer / number of layers); the star marks the best layer, the dashed line the layer-mean score. Hover for values; click a legend entry, or use the boxes below the plot, to hide or show a model.' }),
    plotBox, toggles);
  const validations = ests.filter(e => e.validation && e.validation.length);
  if (validations.length) {
    parts.push(h('h2', { text: 'Validation against the linear probe' }),
      ...validations.map(e => table([
        { title: 'Scope', value: c => c.scope }, { title: 'n', value: c => c.n, num: true },
        { title: 'Pearson', value: c => fmt(c.pearson, 3), num: true }, { title: 'Spearman', value: c => fmt(c.spearman, 3), num: true },
        { title: 'Kendall', value: c => fmt(c.kendall, 3), num: true }], e.validation, e.estimator)));
  }
  if (doc.notes && doc.notes.length) parts.push(h('h2', { text: 'Notes' }), h('ul', {}, doc.notes.map(n => h('li', { text: n }))));
}

/** A training run: learning curves (loss and dev metric per epoch, one line per seed), test metrics mean ± std and DME weights. */
function trainingView(doc, parts) {
  const runs = doc.runs.filter(r => Array.isArray(r.epochs));
  const curve = (key, title, id) => {
    const box = h('div', { class: 'plot' }, h('canvas', { id, role: 'img', 'aria-label': title + ' per epoch, one line per seed' }));
    pendingCharts.push(() => {
      const chart = new Chart(box.firstChild, {
        type: 'line',
        data: { datasets: runs.map((r, i) => ({ label: 'seed ' + r.seed, borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length],
          data: r.epochs.map(e => ({ x: e.epoch, y: e[key] })).filter(p => typeof p.y === 'number') })) },
        options: { responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
          scales: { x: { type: 'linear', title: { display: true, text: 'epoch' }, ticks: { stepSize: 1 } }, y: { title: { display: true, text: title } } },
          plugins: { legend: { position: 'bottom' } } },
      });
      state.charts.push(chart);
    });
    return box;
  };
  parts.push(h('h2', { text: 'Learning curves' }), curve('train_loss', 'training loss', 'loss-plot'),
    curve('dev_score', 'dev ' + (doc.metric || 'score'), 'dev-plot'));
  if (doc.mean && typeof doc.mean === 'object') {
    parts.push(h('h2', { text: 'Test metrics over ' + runs.length + ' seed' + (runs.length === 1 ? '' : 's') }),
      table([{ title: 'Metric', value: m => m }, { title: 'Mean ± std', value: m => fmt(doc.mean[m]) + ' ± ' + fmt((doc.std || {})[m]), num: true },
        { title: 'Majority baseline', value: m => fmt((doc.baseline || {})[m]), num: true }], Object.keys(doc.mean)));
  }
  const weighed = runs.filter(r => r.dme_weights && typeof r.dme_weights === 'object');
  if (weighed.length) parts.push(...dmeWeightsView(weighed));
  const checkpoints = runs.filter(r => r.checkpoint);
  if (checkpoints.length) parts.push(...predictionBox(doc, checkpoints));
}

/** Each model's mean DME weight over the test split: a table (one row per model, a column per seed) and grouped bars. */
function dmeWeightsView(runs) {
  const models = Object.keys(runs[0].dme_weights);
  const box = h('div', { class: 'plot small' }, h('canvas', { id: 'dme-plot', role: 'img', 'aria-label': 'mean DME weight of each model over the test split, one bar per seed' }));
  pendingCharts.push(() => {
    state.charts.push(new Chart(box.firstChild, {
      type: 'bar',
      data: { labels: models, datasets: runs.map((r, i) => ({ label: 'seed ' + r.seed, data: models.map(m => r.dme_weights[m]),
        backgroundColor: COLOURS[i % COLOURS.length] })) },
      options: { indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
        scales: { x: { min: 0, max: 1, title: { display: true, text: 'mean weight α over the test split (sums to 1 per seed)' } } },
        plugins: { legend: { position: 'bottom' } } },
    }));
  });
  return [h('h2', { text: 'DME weights per model' }),
    table([{ title: 'Model', value: m => m }, ...runs.map(r => ({ title: 'Seed ' + r.seed, value: m => fmt(r.dme_weights[m], 3), num: true }))], models),
    box];
}

/**
 * The prediction box of a stored training: the typed sentence goes to the server's predict capability as a job
 * (POST /api/jobs, so the server's roles decide who may run it), and its stored prediction is shown: the label,
 * the class probabilities and, for DME, each model's weight for this sentence.
 */
function predictionBox(doc, runs) {
  const models = (doc.request && doc.request.models) || [];
  const dme = doc.request && doc.request.combine === 'dme';
  const heading = h('h2', { text: 'Predict with a stored checkpoint' });
  if (!state.session.can_submit) {
    return [heading, h('p', { id: 'no-predict', text: 'Predictions run as jobs; as a ' + state.session.role + ' you can read them but not run them. Ask an admin for the member role.' })];
  }
  const seed = h('select', { id: 'predict-checkpoint', 'aria-label': 'checkpoint' }, runs.map(r => h('option', { value: doc.id + '/' + r.checkpoint, text: r.checkpoint + ' (seed ' + r.seed + ')' })));
  const text = h('textarea', { id: 'predict-text', rows: 3, required: true, maxlength: '2000', 'aria-describedby': 'predict-hint' });
  const submit = h('button', { type: 'submit', id: 'predict-submit', text: 'Predict' });
  const out = h('div', { id: 'prediction', 'aria-live': 'polite' });
  const form = h('form', { id: 'predict-form', onsubmit: async e => {
    e.preventDefault();
    submit.disabled = true;
    out.replaceChildren(h('p', { class: 'hint', text: 'Queued…' }));
    try {
      const job = await api('POST', '/api/jobs', { command: 'predict', args: { checkpoint: seed.value, text: text.value } });
      follow(job.id, async j => {
        if (j.state === 'running') out.replaceChildren(h('p', { class: 'hint', text: 'Predicting (job ' + j.id + ')…' }));
        if (j.state === 'succeeded') {
          const result = await api('GET', '/api/results/' + encodeURIComponent(j.result_id));
          // the checkpoint's model.json names the labels the probabilities belong to
          const run = runs.find(r => doc.id + '/' + r.checkpoint === seed.value);
          const meta = await api('GET', '/api/results/' + encodeURIComponent(doc.id) + '/files/' + encodeURIComponent(run.checkpoint) + '/model.json').catch(() => ({}));
          out.replaceChildren(...predictionView(result.predictions[0], meta.labels || [], doc, dme, models));
          drawPending();
          submit.disabled = false;
        } else if (j.state === 'failed' || j.state === 'cancelled') {
          out.replaceChildren(errorLine('Prediction ' + j.state + (j.error ? ': ' + j.error : '')));
          submit.disabled = false;
        }
      });
    } catch (err) {
      out.replaceChildren(errorLine(err.message));
      submit.disabled = false;
    }
  } },
  runs.length > 1 ? h('div', { class: 'field' }, h('label', { for: 'predict-checkpoint', text: 'Checkpoint' }), seed) : h('span', { hidden: true }, seed),
  h('div', { class: 'field' }, h('label', { for: 'predict-text', text: 'Sentence' }), text,
    h('div', { class: 'hint', id: 'predict-hint', text: 'for a pair task, the two texts separated by " ||| "' + (dme ? '; DME shows how much it weighs each model for this sentence' : '') })),
  submit, out);
  return [heading, form];
}

function predictionView(p, labelNames, doc, dme, models) {
  const parts = [h('p', { id: 'predicted-label' }, 'Prediction: ', h('strong', { text: (p.labels || []).join(' ') || fmt((p.scores || [])[0]) }))];
  if ((p.labels || []).length === 1 && (p.scores || []).length > 1) {
    parts.push(table([{ title: 'Label', value: i => labelNames[i] || String(i) }, { title: 'Probability', value: i => fmt(p.scores[i], 3), num: true }],
      p.scores.map((_, i) => i), 'class probabilities'));
  }
  const weights = p.model_weights || {};
  if (Object.keys(weights).length) {
    const box = h('div', { class: 'plot small' }, h('canvas', { id: 'weights-plot', role: 'img', 'aria-label': 'DME weight of each model for this sentence' }));
    parts.push(h('h3', { text: 'Weight of each model for this sentence (DME attention α)' }),
      table([{ title: 'Model', value: m => m }, { title: 'Weight', value: m => fmt(weights[m], 3), num: true }], Object.keys(weights)), box);
    pendingCharts.push(() => {
      const names = Object.keys(weights);
      state.charts.push(new Chart(box.firstChild, {
        type: 'bar',
        data: { labels: names, datasets: [{ label: 'weight α', data: names.map(m => weights[m]), backgroundColor: names.map((_, i) => COLOURS[i % COLOURS.length]) }] },
        options: { indexAxis: 'y', responsive: true, maintainAspectRatio: false, animation: false,
          scales: { x: { min: 0, max: 1, title: { display: true, text: 'weight α (sums to 1)' } } }, plugins: { legend: { display: false } } },
      }));
    });
  } else if (dme) {
    parts.push(h('p', { class: 'hint', text: 'This checkpoint returned no model weights.' }));
  } else if (models.length > 1) {
    parts.push(h('p', { class: 'hint', text: 'Model weights exist only for the DME combiner (this training combined with ' + doc.request.combine + ').' }));
  }
  return parts;
}

// ---- analyses: charts drawn from the stored documents ---------------------------------------------------------------

const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs, ...children) {
  const el = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v !== null && v !== undefined) el.setAttribute(k, String(v));
  }
  children.flat().forEach(c => el.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return el;
}

/** A colour for a similarity in [0, 1]: white to dark blue (viridis-like ends would need a library; two stops read well). */
function heat(v) {
  const t = Math.max(0, Math.min(1, v));
  const mix = (a, b) => Math.round(a + (b - a) * t);
  return 'rgb(' + mix(247, 8) + ',' + mix(251, 48) + ',' + mix(255, 107) + ')';
}

/**
 * One similarity matrix as an SVG heatmap: a cell per pair of layers (rows: layers of the first model, bottom to
 * top as in the stored PNG; columns: layers of the second), its value in the cell's title (hover) and data-value.
 */
function heatmap(m, id) {
  const rows = m.matrix.length;
  const cols = rows ? m.matrix[0].length : 0;
  const cell = Math.max(14, Math.min(34, Math.floor(420 / Math.max(rows, cols, 1))));
  const left = 44, top = 10, bottom = 40;
  const width = left + cols * cell + 70, height = top + rows * cell + bottom;
  const root = svg('svg', { id, class: 'heatmap', viewBox: '0 0 ' + width + ' ' + height, width, height, role: 'img',
    'aria-label': (m.rows_model === m.cols_model ? 'CKA of the layers of ' + m.rows_model : 'CKA of layers of ' + m.rows_model + ' against ' + m.cols_model) });
  m.matrix.forEach((row, i) => row.forEach((v, j) => {
    const y = top + (rows - 1 - i) * cell;
    const text = m.rows_model + ' layer ' + i + ' · ' + m.cols_model + ' layer ' + j + ': ' + (v === null ? 'undefined' : fmt(v, 3));
    root.append(svg('rect', { x: left + j * cell, y, width: cell, height: cell, fill: v === null ? '#ccc' : heat(v),
      class: 'cell', 'data-row': i, 'data-col': j, 'data-value': v === null ? '' : v }, svg('title', {}, text)));
  }));
  for (let i = 0; i < rows; i += Math.ceil(rows / 13)) {
    root.append(svg('text', { x: left - 6, y: top + (rows - 1 - i) * cell + cell * 0.65, 'text-anchor': 'end', class: 'tick' }, i));
  }
  for (let j = 0; j < cols; j += Math.ceil(cols / 13)) {
    root.append(svg('text', { x: left + j * cell + cell / 2, y: top + rows * cell + 14, 'text-anchor': 'middle', class: 'tick' }, j));
  }
  root.append(svg('text', { x: left + cols * cell / 2, y: height - 6, 'text-anchor': 'middle', class: 'axis' }, 'layer of ' + m.cols_model));
  root.append(svg('text', { x: 12, y: top + rows * cell / 2, 'text-anchor': 'middle', class: 'axis',
    transform: 'rotate(-90 12 ' + (top + rows * cell / 2) + ')' }, 'layer of ' + m.rows_model));
  // the colour scale
  const sx = left + cols * cell + 16;
  for (let k = 0; k <= 10; k++) {
    root.append(svg('rect', { x: sx, y: top + (10 - k) * (rows * cell / 11), width: 12, height: rows * cell / 11 + 0.5, fill: heat(k / 10) }));
  }
  root.append(svg('text', { x: sx + 16, y: top + 10, class: 'tick' }, '1'), svg('text', { x: sx + 16, y: top + rows * cell, class: 'tick' }, '0'));
  return root;
}

/** CKA heatmaps: one per pair of models, each with its mean off-diagonal similarity. */
function similarityView(doc, parts) {
  parts.push(h('h2', { text: (doc.measure || 'CKA') + ' between layers' }),
    h('p', { class: 'hint', text: 'Drawn from the stored matrices (' + doc.activations + '); hover a cell for its value. Grey: undefined' + (doc.matrices.some(m => m.undefined) ? ' (' + doc.matrices.find(m => m.undefined).undefined + ')' : '') + '.' }),
    h('div', { class: 'cards', id: 'heatmaps' }, doc.matrices.map((m, k) => h('figure', { class: 'card' },
      heatmap(m, 'heatmap-' + k),
      h('figcaption', { class: 'hint', text: m.rows_model + ' × ' + m.cols_model
        + (typeof m.mean_off_diagonal === 'number' ? ' · mean of different layers ' + fmt(m.mean_off_diagonal, 3) : '') })))));
}

/** Neuron-cluster curves: clusters and the share of removable neurons against the distance cut. */
function clustersView(doc, parts) {
  const box = h('div', { class: 'plot' }, h('canvas', { id: 'clusters-plot', role: 'img', 'aria-label': 'Neuron clusters and removable neurons per distance cut' }));
  parts.push(h('h2', { text: 'Neuron clusters of ' + (doc.models || [])[0] }),
    h('p', { class: 'hint', text: doc.neurons + ' neurons in ' + doc.layers + ' layers; the cut t is the distance 1 − |r| below which neurons join a cluster. Hover for values, click a legend entry to hide a curve.' }),
    box);
  pendingCharts.push(() => {
    const pts = key => doc.curve.map(l => ({ x: l.threshold, y: l[key] }));
    const chart = new Chart(box.firstChild, {
      type: 'line',
      data: { datasets: [
        { label: 'removable neurons (%)', data: pts('removable_percent'), borderColor: COLOURS[0], backgroundColor: COLOURS[0], yAxisID: 'y', lmwbKey: 'removable_percent' },
        { label: 'clusters', data: pts('clusters'), borderColor: COLOURS[1], backgroundColor: COLOURS[1], yAxisID: 'y2', lmwbKey: 'clusters' },
        { label: 'largest cluster (neurons)', data: pts('largest_cluster'), borderColor: COLOURS[2], backgroundColor: COLOURS[2], yAxisID: 'y2', borderDash: [5, 4], lmwbKey: 'largest_cluster' },
      ] },
      options: { responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: { type: 'linear', title: { display: true, text: 'distance cut t (1 − |r|)' } },
          y: { position: 'left', min: 0, max: 100, title: { display: true, text: 'removable neurons (%)' } },
          y2: { position: 'right', title: { display: true, text: 'neurons / clusters' }, grid: { drawOnChartArea: false } } },
        plugins: { legend: { position: 'bottom' } } },
    });
    state.charts.push(chart);
  });
}

/** The model-vector map: one point per model at its PCA (or t-SNE) coordinates, one colour per label. */
function modelVectorView(doc, parts) {
  const hasTsne = doc.models.some(m => Array.isArray(m.tsne));
  const box = h('div', { class: 'plot' }, h('canvas', { id: 'modelvec-plot', role: 'img', 'aria-label': 'Map of the model vectors' }));
  const select = h('select', { id: 'modelvec-projection' }, h('option', { value: 'pca', text: 'PCA' }), hasTsne ? h('option', { value: 'tsne', text: 't-SNE' }) : null);
  parts.push(h('h2', { text: 'Model vectors (' + doc.variant + ', ' + doc.vector_size + ' numbers each)' }),
    h('div', { class: 'field' }, h('label', { for: 'modelvec-projection', text: 'Projection' }), select),
    h('p', { class: 'hint', text: 'One point per fine-tuned model, coloured by its label; hover for its name.' }), box);
  const labels = [...new Set(doc.models.map(m => m.label || '(no label)'))];
  const datasets = projection => labels.map((label, i) => ({
    label, backgroundColor: COLOURS[i % COLOURS.length], borderColor: COLOURS[i % COLOURS.length], pointRadius: 6,
    data: doc.models.filter(m => (m.label || '(no label)') === label && Array.isArray(m[projection]))
      .map(m => ({ x: m[projection][0], y: m[projection][1], name: m.name })),
  }));
  pendingCharts.push(() => {
    const chart = new Chart(box.firstChild, {
      type: 'scatter',
      data: { datasets: datasets('pca') },
      options: { responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
        scales: { x: { title: { display: true, text: 'component 1' } }, y: { title: { display: true, text: 'component 2' } } },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: c => c.raw.name + ' (' + c.dataset.label + ')' } } } },
    });
    state.charts.push(chart);
    select.addEventListener('change', () => {
      chart.data.datasets = datasets(select.value);
      chart.update();
    });
  });
}

/** A select that redraws a chart's datasets: the views' choice of projection, τ or split. */
function chooser(id, label, options, onChange) {
  const select = h('select', { id }, options.map(([value, text]) => h('option', { value, text })));
  select.addEventListener('change', () => onChange(select.value));
  return [select, h('div', { class: 'field' }, h('label', { for: id, text: label }), select)];
}

/**
 * Rank against depth (deltarank): for one energy threshold τ, one line per parameter family with the rank that holds
 * that share of ΔW's energy at each layer, the mean over the models (their min and max on hover).
 */
function deltaRankView(doc, parts) {
  const families = [...new Set(doc.rows.map(r => r.family))];
  const taus = doc.taus || [];
  const box = h('div', { class: 'plot' }, h('canvas', { id: 'deltarank-plot', role: 'img',
    'aria-label': 'Rank of the weight change against layer, one line per parameter family' }));
  const datasets = t => families.map((f, i) => ({
    label: f, lmwbSeries: i, borderColor: COLOURS[i % COLOURS.length], backgroundColor: COLOURS[i % COLOURS.length], tension: 0.1,
    data: doc.rows.filter(r => r.family === f).map(r => ({ x: r.layer, y: r.ranks[t].mean, min: r.ranks[t].min, max: r.ranks[t].max, full: r.full_rank })),
  }));
  let chart = null;
  const [, tauField] = chooser('deltarank-tau', 'Energy threshold τ', taus.map((t, i) => [i, 'τ = ' + t]), v => {
    // the points change in place, so a family hidden by its toggle stays hidden
    datasets(Number(v)).forEach((d, i) => { chart.data.datasets[i].data = d.data; });
    chart.options.scales.y.title.text = 'rank at energy τ = ' + taus[Number(v)];
    chart.update();
  });
  const models = (doc.models || []).length;
  parts.push(h('h2', { text: 'Rank of the weight change against depth' }),
    h('p', { class: 'hint', text: 'For each parameter family and layer, the rank r that keeps a share τ of the energy of ΔW = fine-tuned − base ('
      + doc.base + '), the mean over ' + models + ' model' + (models === 1 ? '' : 's') + '. Hover for the min and max; click a legend entry or use the boxes below to hide a family.' }),
    taus.length > 1 ? tauField : null, box, seriesToggles('deltarank-plot', families, 'Families shown'));
  if (doc.mean_over_layers) {
    const keys = Object.keys(doc.mean_over_layers);
    parts.push(table([{ title: 'Family', value: f => f }, ...keys.map(t => ({ title: 'mean rank, τ = ' + t, value: f => fmt(doc.mean_over_layers[t][f], 1), num: true }))],
      families, 'mean over layers'));
  }
  pendingCharts.push(() => {
    chart = new Chart(box.firstChild, {
      type: 'line',
      data: { datasets: datasets(0) },
      options: { responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: { type: 'linear', title: { display: true, text: 'layer' }, ticks: { stepSize: 1 } },
          y: { min: 0, title: { display: true, text: 'rank at energy τ = ' + taus[0] } } },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: c => c.dataset.label + ' · layer ' + c.raw.x + ': '
          + fmt(c.raw.y, 1) + ' (models ' + c.raw.min + '–' + c.raw.max + ' of ' + c.raw.full + ')' } } } },
    });
    state.charts.push(chart);
  });
}

/**
 * Prune results: the probe's score on one layer alone and on layers 0..l against the layer, the oracle (all layers)
 * as a dashed line, for the dev or the test split; and each LayerSelector threshold's selection.
 */
function pruneView(doc, parts) {
  const metric = doc.metric || 'score';
  const box = h('div', { class: 'plot' }, h('canvas', { id: 'prune-plot', role: 'img',
    'aria-label': 'Probe ' + metric + ' per layer: the layer alone, layers up to it, and all layers' }));
  const layers = doc.layerwise.length;
  const datasets = split => [
    { label: 'layer l alone', lmwbKey: 'layerwise', data: doc.layerwise.map((p, l) => ({ x: l, y: p[split], features: p.features })) },
    { label: 'layers 0..l', lmwbKey: 'incremental', data: doc.incremental.map((p, l) => ({ x: l, y: p[split], features: p.features })) },
    { label: 'oracle (all layers)', lmwbKey: 'oracle', borderDash: [6, 4], pointRadius: 0,
      data: [{ x: 0, y: doc.oracle[split], features: doc.oracle.features }, { x: layers - 1, y: doc.oracle[split], features: doc.oracle.features }] },
  ].map((d, i) => Object.assign({ borderColor: COLOURS[i], backgroundColor: COLOURS[i] }, d));
  let chart = null;
  const [, splitField] = chooser('prune-split', 'Split', [['dev', 'dev'], ['test', 'test']], v => {
    datasets(v).forEach((d, i) => { chart.data.datasets[i].data = d.data; });
    chart.options.scales.y.title.text = v + ' ' + metric;
    chart.update();
  });
  parts.push(h('h2', { text: 'Probes per layer (' + (doc.models || [])[0] + ')' }),
    h('p', { class: 'hint', text: doc.neurons_total + ' neurons; a probe on one layer, on layers 0..l, and on all layers (the oracle). Hover for the number of features.' }),
    splitField, box);
  pendingCharts.push(() => {
    chart = new Chart(box.firstChild, {
      type: 'line',
      data: { datasets: datasets('dev') },
      options: { responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: { x: { type: 'linear', title: { display: true, text: 'layer l' }, ticks: { stepSize: 1 } },
          y: { title: { display: true, text: 'dev ' + metric } } },
        plugins: { legend: { position: 'bottom' }, tooltip: { callbacks: { label: c => c.dataset.label + ' · layer ' + c.raw.x + ': '
          + fmt(c.raw.y) + ' (' + c.raw.features + ' features)' } } } },
    });
    state.charts.push(chart);
  });
  if (Array.isArray(doc.selections) && doc.selections.length) {
    parts.push(h('h2', { text: 'Selections (LayerSelector, then correlation clustering)' }),
      h('div', { id: 'prune-selections' }, table([
        { title: 'Δ LS %', value: s => fmt(s.delta_ls, 1), num: true },
        { title: 'Δ FS %', value: s => fmt(s.delta_fs, 1), num: true },
        { title: 'Layers kept', value: s => s.layers_kept, num: true },
        { title: 'Neurons after LS', value: s => s.neurons_after_layer_selection, num: true },
        { title: 'after clustering', value: s => s.neurons_after_clustering, num: true },
        { title: 'Neurons kept', value: s => s.neurons_kept + ' (' + fmt(s.neurons_kept_percent_of_model, 1) + ' %)', num: true },
        { title: 'Test ' + metric, value: s => fmt(s.chosen && s.chosen.test), num: true },
        { title: 'Forward speed-up', value: s => fmt(s.forward_speedup, 2) + '×', num: true },
      ], doc.selections)));
  }
}

/**
 * Keyboard-usable toggles of a chart's series (a legend click needs a pointer): one checkbox per series, named after
 * it; a series is every dataset with that {@code lmwbSeries} index. The boxes follow legend clicks too.
 */
function seriesToggles(canvasId, names, legend) {
  return h('fieldset', { class: 'checks toggles', id: canvasId + '-toggles' }, h('legend', { text: legend }),
    names.map((name, i) => h('label', {}, h('input', { type: 'checkbox', checked: true, dataset: { series: i }, onchange: e => {
      const chart = Chart.getChart(canvasId);
      if (!chart) return;
      chart.data.datasets.forEach((d, k) => { if (d.lmwbSeries === i) chart.setDatasetVisibility(k, e.target.checked); });
      chart.update();
    } }), name)));
}

/** Keeps a chart's toggles (seriesToggles) in step with what the chart shows, e.g. after a legend click. */
const TOGGLE_SYNC = {
  id: 'lmwbToggles',
  afterUpdate(chart) {
    const box = chart.canvas && document.getElementById(chart.canvas.id + '-toggles');
    if (!box) return;
    box.querySelectorAll('input[data-series]').forEach(input => {
      // the series' first dataset (a ranking's model line, not its layer-mean line) decides
      const k = chart.data.datasets.findIndex(d => d.lmwbSeries === Number(input.dataset.series));
      if (k >= 0) input.checked = chart.isDatasetVisible(k);
    });
  },
};
if (window.Chart) Chart.register(TOGGLE_SYNC);

/** The plots and other files stored beside a result's document (its {@code files} list): pictures inline, all as downloads. */
function storedFiles(doc, base, downloads) {
  const names = (Array.isArray(doc.files) ? doc.files : []).map(f => typeof f === 'string' ? f : f && (f.name || f.file)).filter(Boolean);
  names.forEach(n => downloads.append(h('a', { href: base + '/files/' + n.split('/').map(encodeURIComponent).join('/'), download: n, class: 'button secondary', text: n })));
  const pictures = names.filter(n => /\.(svg|png)$/i.test(n));
  if (!pictures.length) return [];
  return [h('h2', { text: 'Plots' }), h('div', { class: 'cards', id: 'plots' }, pictures.map(n => h('figure', { class: 'card' },
    h('img', { src: base + '/files/' + n.split('/').map(encodeURIComponent).join('/'), alt: n + ' of result ' + doc.id, style: null, class: 'picture' }),
    h('figcaption', { class: 'hint', text: n }))))];
}

function layerCsv(doc) {
  const lines = ['estimator,model,layer,relative_depth,score'];
  for (const e of doc.estimators) {
    for (const m of e.ranking) {
      for (const p of layerPoints(m)) lines.push([e.estimator, m.model, p.layer, p.x.toFixed(4), p.y].join(','));
    }
  }
  return lines.join('\n') + '\n';
}

/** A model's layer scores as points: x = relative depth ((L + layer + 1) / L for negative index layer), y = score. */
function layerPoints(m) {
  const layers = Object.keys(m.layer_scores || {}).map(Number).sort((a, b) => a - b);
  const n = layers.length;
  return layers.map(l => ({ x: (n + l + 1) / n, y: m.layer_scores[String(l)], layer: l }))
    .filter(p => typeof p.y === 'number' && isFinite(p.y));
}

let pendingCharts = [];

function drawPending() {
  const todo = pendingCharts;
  pendingCharts = [];
  todo.forEach(f => f());
}

const COLOURS = ['#1f77b4', '#d62728', '#2ca02c', '#ff7f0e', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#7f7f7f', '#bcbd22'];

/** A Chart.js line chart: one line per model, its best layer as a star, its layer-mean score as a dashed line. */
function layerChart(canvas, series, yTitle) {
  const datasets = [];
  series.forEach((s, i) => {
    const colour = COLOURS[i % COLOURS.length];
    const points = layerPoints(s.model);
    const best = s.model.best_layer;
    datasets.push({
      label: s.label, data: points, borderColor: colour, backgroundColor: colour, tension: 0.15, lmwbModel: true, lmwbSeries: i,
      pointRadius: points.map(p => p.layer === best ? 9 : 3), pointStyle: points.map(p => p.layer === best ? 'star' : 'circle'),
      borderWidth: 2,
    });
    if (typeof s.model.layer_mean_score === 'number' && isFinite(s.model.layer_mean_score)) {
      datasets.push({
        label: s.label + ' (layer mean)', data: [{ x: 0, y: s.model.layer_mean_score }, { x: 1, y: s.model.layer_mean_score }],
        borderColor: colour, borderDash: [6, 4], borderWidth: 1, pointRadius: 0, lmwbMean: true, lmwbSeries: i,
      });
    }
  });
  const chart = new Chart(canvas, {
    type: 'line',
    data: { datasets },
    options: {
      responsive: true, maintainAspectRatio: false, animation: false, parsing: false,
      interaction: { mode: 'nearest', intersect: false },
      scales: {
        x: { type: 'linear', min: 0, max: 1, title: { display: true, text: 'relative depth (layer / layers)' } },
        y: { title: { display: true, text: yTitle } },
      },
      plugins: {
        legend: { position: 'bottom' },
        tooltip: { callbacks: { label: c => c.dataset.lmwbMean
          ? c.dataset.label + ': ' + fmt(c.parsed.y)
          : c.dataset.label + ' · layer ' + c.raw.layer + ' (depth ' + c.parsed.x.toFixed(2) + '): ' + fmt(c.parsed.y) } },
      },
    },
  });
  state.charts.push(chart);
  return chart;
}

function provenanceView(p) {
  const rows = [];
  const add = (k, v) => { if (v !== null && v !== undefined && v !== '') rows.push(h('dt', { text: k }), h('dd', { text: typeof v === 'object' ? JSON.stringify(v) : String(v) })); };
  add('component', p.component);
  add('user', p.user);
  add('host', p.host);
  add('created', p.created);
  add('seed', p.seed);
  for (const [k, v] of Object.entries(p.versions || {})) add('version of ' + k, v);
  for (const [k, v] of Object.entries(p.inputs || {})) add('input ' + k, v);
  for (const [k, v] of Object.entries(p.configuration || {})) add('option ' + k, v);
  return h('details', { id: 'provenance' }, h('summary', {}, h('h2', { style: null, text: 'Provenance' })), h('dl', { class: 'kv' }, rows));
}

// ---- compare ------------------------------------------------------------------------------------------------------

async function comparePage(params) {
  const ids = (params.get('ids') || [...state.compare].join(',')).split(',').map(s => s.trim()).filter(Boolean);
  document.title = 'Compare · lmwb';
  const input = h('input', { id: 'compare-ids', value: ids.join(','), placeholder: 'id1,id2', size: 60 });
  const form = h('form', { class: 'field', onsubmit: e => {
    e.preventDefault();
    location.hash = '#/compare?ids=' + encodeURIComponent(input.value.replace(/\s+/g, ''));
  } }, h('label', { for: 'compare-ids', text: 'Rankings to compare (result ids, comma-separated)' }), input, ' ',
  h('button', { type: 'submit', text: 'Compare' }));
  if (ids.length < 2) {
    show(h('h1', { text: 'Compare rankings' }),
      h('p', { text: 'Tick two or more rankings in the results list (or add them from a ranking\'s page), then compare them here.' }), form);
    return;
  }
  const docs = await Promise.all(ids.map(id => api('GET', '/api/results/' + encodeURIComponent(id))));
  const bad = docs.filter(d => !RANKING_KINDS.includes(d.kind) || !Array.isArray(d.estimators));
  if (bad.length) {
    show(h('h1', { text: 'Compare rankings' }), errorLine(bad.map(d => d.id).join(', ') + ' is not a ranking; only rankings can be compared'), form);
    return;
  }
  const series = [];
  const cards = docs.map(d => {
    const e = d.estimators[0];
    e.ranking.forEach(m => series.push({ label: m.model + ' · ' + d.dataset.name + ' · ' + e.estimator, model: m }));
    return h('section', { class: 'card', 'aria-label': d.summary },
      h('h2', {}, h('a', { href: '#/result/' + encodeURIComponent(d.id), text: d.summary || d.id })),
      h('p', { class: 'meta', text: d.dataset.name + ' · ' + d.dataset.samples + ' samples · ' + e.estimator + ' · ' + d.aggregation + (d.user ? ' · by ' + d.user : '') }),
      table([{ title: 'Rank', value: m => m.rank, num: true }, { title: 'Model', value: m => m.model },
        { title: 'Score', value: m => fmt(m.score), num: true }, { title: 'Best layer', value: m => m.best_layer, num: true },
        { title: 'Layer mean', value: m => fmt(m.layer_mean_score), num: true }], e.ranking));
  });
  const plotBox = h('div', { class: 'plot' }, h('canvas', { id: 'compare-plot', role: 'img', 'aria-label': 'Merged per-layer scores of the compared rankings' }));
  show(h('h1', { text: 'Compare ' + docs.length + ' rankings' }), form, h('div', { class: 'cards', id: 'compare-cards' }, cards),
    h('h2', { text: 'Score per layer, merged' }),
    h('p', { class: 'hint', text: 'Each line is one model in one ranking (model · dataset · estimator). Estimators score on different scales.' }),
    plotBox, seriesToggles('compare-plot', series.map(x => x.label), 'Lines shown'));
  layerChart(plotBox.firstChild, series, 'score');
}

// ---- jobs ---------------------------------------------------------------------------------------------------------

function canCancel(job) {
  const s = state.session;
  return (job.state === 'queued' || job.state === 'running') && (s.role === 'admin' || (s.role === 'member' && job.user === s.user));
}

function progressCell(job) {
  const p = job.progress;
  const done = job.state === 'succeeded';
  const max = p && p.total > 0 ? p.total : 1;
  const value = done ? max : (p ? Math.min(p.done, max) : 0);
  const bar = h('progress', { max, value, 'aria-label': 'progress of job ' + job.id });
  const label = done ? 'done' : p ? p.stage + ' ' + p.done + '/' + p.total + ' ' + (p.unit || '') : job.state;
  return h('span', { class: 'progress' }, bar, ' ', h('span', { class: 'hint', text: label }));
}

function jobRow(job, onChange) {
  const result = job.result_id ? h('a', { href: '#/result/' + encodeURIComponent(job.result_id), text: 'open result' })
    : job.error ? h('span', { class: 'error', text: job.error }) : '';
  const cancel = canCancel(job) ? h('button', { type: 'button', class: 'danger', 'aria-label': 'cancel job ' + job.id, onclick: async e => {
    e.target.disabled = true;
    try {
      onChange(await api('DELETE', '/api/jobs/' + job.id));
    } catch (err) {
      alert(err.message);
      e.target.disabled = false;
    }
  } }, 'Cancel') : '';
  return h('tr', { id: 'job-' + job.id, dataset: { state: job.state, seen: seen(job) } },
    h('td', { class: 'num', text: job.id }),
    h('td', {}, job.command, ' ', h('span', { class: 'hint', text: argsText(job.args) })),
    h('td', { text: job.user }),
    h('td', { class: 'state-' + job.state, text: job.state }),
    h('td', {}, progressCell(job)),
    h('td', { text: when(job.submitted) }),
    h('td', {}, result),
    h('td', {}, cancel));
}

/** What a job's row shows that can change: its state and progress. */
function seen(job) {
  const p = job.progress;
  return job.state + (p ? ' ' + p.stage + ' ' + p.done + '/' + p.total : '');
}

function argsText(args) {
  return Object.entries(args || {}).map(([k, v]) => k + '=' + (Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : v)).join(' ');
}

/** Follows a job's server-sent events until it finishes. */
function follow(id, onJob) {
  const es = new EventSource('/api/jobs/' + id + '/events');
  state.streams.push(es);
  const handle = e => {
    const job = JSON.parse(e.data);
    onJob(job);
    if (job.state !== 'queued' && job.state !== 'running') es.close();
  };
  es.addEventListener('state', handle);
  es.addEventListener('progress', handle);
  return es;
}

/** How often the Jobs page asks for the list again, for jobs submitted after it loaded (their rows then follow events). */
const JOBS_REFRESH_MS = 2000;

async function jobsPage() {
  const jobs = await api('GET', '/api/jobs?limit=100');
  document.title = 'Jobs · lmwb';
  const body = h('tbody');
  const empty = h('p', { id: 'no-jobs', text: 'No jobs yet; jobs submitted from now on appear here.' });
  const followed = new Set();
  const replace = job => {
    const old = document.getElementById('job-' + job.id);
    const row = jobRow(job, replace);
    if (old) {
      old.replaceWith(row);
    } else {
      // newest first: a job joins above every older one
      const after = [...body.children].find(tr => Number(tr.id.substring(4)) < job.id);
      body.insertBefore(row, after || null);
    }
    empty.hidden = body.children.length > 0;
  };
  const track = job => {
    const row = document.getElementById('job-' + job.id);
    // a followed job's row changes with its events; any other row only when the list shows it changed
    if (!row || (!followed.has(job.id) && row.dataset.seen !== seen(job))) replace(job);
    if ((job.state === 'queued' || job.state === 'running') && !followed.has(job.id) && followed.size < 50) {
      followed.add(job.id);
      follow(job.id, j => {
        replace(j);
        if (j.state !== 'queued' && j.state !== 'running') followed.delete(j.id);
      });
    }
  };
  jobs.forEach(j => body.append(jobRow(j, replace)));
  jobs.filter(j => j.state === 'queued' || j.state === 'running').slice(0, 20).forEach(track);
  empty.hidden = jobs.length > 0;
  // the list again every few seconds: new jobs get a row (and their events), finished ones their end state
  repeat(async () => {
    const now = await api('GET', '/api/jobs?limit=100');
    now.slice().reverse().forEach(track);
  }, JOBS_REFRESH_MS);
  show(h('h1', { text: 'Jobs' }), empty,
    h('div', { class: 'scroll' }, h('table', { id: 'jobs-table' },
      h('thead', {}, h('tr', {}, ['Job', 'Command', 'User', 'State', 'Progress', 'Submitted', 'Result or error', ''].map(t => h('th', { scope: 'col', text: t })))),
      body)));
}

/** Runs {@code task} every {@code ms} until the page changes; one run at a time, errors end nothing. */
function repeat(task, ms) {
  let busy = false;
  const timer = setInterval(async () => {
    if (busy || document.hidden) return;
    busy = true;
    try {
      await task();
    } catch (err) {
      // the next round tries again; a 401 has already signed the page out
    } finally {
      busy = false;
    }
  }, ms);
  state.timers.push(timer);
}

// ---- new ranking --------------------------------------------------------------------------------------------------

async function newRankingPage() {
  document.title = 'New ranking · lmwb';
  if (!state.session.can_submit) {
    show(h('h1', { text: 'New ranking' }),
      h('p', { id: 'no-submit', text: 'You are signed in as a ' + state.session.role + ': you can read every result and job, but not submit jobs. Ask an admin for the member role.' }));
    return;
  }
  const [datasets, uploads, models, estimators] = await Promise.all([api('GET', '/api/datasets'), api('GET', '/api/datasets/uploads'),
    api('GET', '/api/models'), api('GET', '/api/estimators')]);
  const datasetSelect = h('select', { id: 'dataset', name: 'dataset' },
    h('optgroup', { label: 'Catalogue' }, datasets.map(d => h('option', { value: d.name, text: d.name + ' — ' + d.task }))),
    uploads.length ? h('optgroup', { label: 'Your uploads' }, uploads.map(u => h('option', { value: u, text: u }))) : null);
  const defaultDataset = datasets.find(d => d.name === 'sentiment-sentences') || datasets.find(d => d.default);
  if (defaultDataset) datasetSelect.value = defaultDataset.name;
  // the server refuses larger uploads (413) after they were sent; the page says so before sending anything
  const limit = state.session.upload_limit_bytes;
  const tooLarge = f => typeof limit === 'number' && f.size > limit;
  const upload = h('input', { id: 'upload', type: 'file', accept: '.csv,.tsv,.jsonl,.txt', 'aria-describedby': 'upload-hint', onchange: () => {
    const f = upload.files[0];
    if (f && tooLarge(f)) {
      status.replaceChildren(errorLine(f.name + ' is ' + megabytes(f.size) + ', larger than the server\'s upload limit of ' + megabytes(limit) + '; choose a smaller file or downsample it first.'));
    } else {
      status.replaceChildren();
    }
  } });
  const modelChecks = models.map(m => h('label', {}, h('input', { type: 'checkbox', name: 'models', value: m.model }), m.model + ' (' + m.layers + ' layers)'));
  const estimatorChecks = estimators.map(e => h('label', {}, h('input', { type: 'checkbox', name: 'estimator', value: e.name }), e.name));
  const layers = h('select', { id: 'layers', name: 'layers' }, ['layermean', 'lastlayer', 'bestlayer'].map(v => h('option', { value: v, text: v })));
  const downsample = h('input', { id: 'downsample', name: 'downsample', type: 'number', min: '0', step: 'any', value: '200', 'aria-describedby': 'downsample-hint' });
  const status = h('div', { id: 'submit-status', 'aria-live': 'polite' });
  const submit = h('button', { type: 'submit', id: 'submit-ranking', text: 'Submit ranking' });
  const form = h('form', { id: 'new-ranking', onsubmit: async e => {
    e.preventDefault();
    submit.disabled = true;
    status.replaceChildren(h('p', { text: 'Submitting…' }));
    try {
      const args = { layers: layers.value };
      if (upload.files.length) {
        const f = upload.files[0];
        if (tooLarge(f)) {
          status.replaceChildren(errorLine(f.name + ' is ' + megabytes(f.size) + ', larger than the server\'s upload limit of ' + megabytes(limit) + '; choose a smaller file or downsample it first.'));
          submit.disabled = false;
          return;
        }
        const up = await api('POST', '/api/datasets?name=' + encodeURIComponent(f.name) + '&replace=true', undefined, f);
        args.dataset = up.dataset;
      } else {
        args.dataset = datasetSelect.value;
      }
      const chosenModels = modelChecks.map(l => l.firstChild).filter(c => c.checked).map(c => c.value);
      if (chosenModels.length) args.models = chosenModels;
      const chosenEstimators = estimatorChecks.map(l => l.firstChild).filter(c => c.checked).map(c => c.value);
      if (chosenEstimators.length) args.estimator = chosenEstimators;
      if (downsample.value.trim() !== '') args.downsample = Number(downsample.value);
      const job = await api('POST', '/api/jobs', { command: 'rank', args });
      watchJob(job.id, status, submit);
    } catch (err) {
      status.replaceChildren(errorLine(err.message));
      submit.disabled = false;
    }
  } },
  h('fieldset', {}, h('legend', { text: 'Dataset' }),
    h('div', { class: 'field' }, h('label', { for: 'dataset', text: 'From the catalogue or your uploads' }), datasetSelect),
    h('div', { class: 'field' }, h('label', { for: 'upload', text: 'Or upload a CSV, TSV or JSONL file' }), upload,
      h('div', { class: 'hint', id: 'upload-hint', text: 'at most ' + (typeof limit === 'number' ? megabytes(limit) : 'the server\'s upload limit') + '; it replaces an upload of the same name' }))),
  h('fieldset', {}, h('legend', { text: 'Models (none ticked: the built-in defaults)' }), h('div', { class: 'checks', id: 'models' }, modelChecks)),
  h('fieldset', {}, h('legend', { text: 'Estimators (none ticked: hscore, or logme for regression)' }), h('div', { class: 'checks', id: 'estimators' }, estimatorChecks)),
  h('div', { class: 'filters' },
    h('div', {}, h('label', { for: 'layers', text: 'Layer aggregation' }), layers),
    h('div', {}, h('label', { for: 'downsample', text: 'Downsample' }), downsample,
      h('div', { class: 'hint', id: 'downsample-hint', text: 'a fraction (0–1] or a number of examples; empty: all' }))),
  submit, status);
  show(h('h1', { text: 'New ranking' }), form);
}

/** A size in bytes for people: MB with one decimal (KB below 1 MB). */
function megabytes(bytes) {
  return bytes >= 1024 * 1024 ? (bytes / (1024 * 1024)).toFixed(1) + ' MB' : Math.ceil(bytes / 1024) + ' KB';
}

/** Shows a submitted job's progress from its events and opens its result when it succeeds. */
function watchJob(id, status, submit) {
  const bar = h('progress', { id: 'job-progress', max: 1, value: 0, 'aria-label': 'progress of job ' + id });
  const stage = h('span', { id: 'job-stage', class: 'hint', text: 'queued' });
  status.replaceChildren(h('p', {}, 'Job ', h('a', { href: '#/jobs', text: '#' + id }), ' ', bar, ' ', stage));
  status.scrollIntoView({ block: 'center' });
  follow(id, job => {
    const p = job.progress;
    if (p && p.total > 0) {
      bar.max = p.total;
      bar.value = Math.min(p.done, p.total);
    }
    stage.textContent = job.state === 'running' && p ? p.stage + ' ' + p.done + '/' + p.total + ' ' + (p.unit || '') : job.state;
    if (job.state === 'succeeded') {
      bar.value = bar.max;
      stage.textContent = 'done; opening the result…';
      setTimeout(() => { location.hash = '#/result/' + encodeURIComponent(job.result_id); }, 600);
    } else if (job.state === 'failed' || job.state === 'cancelled') {
      status.append(errorLine('Job ' + id + ' ' + job.state + (job.error ? ': ' + job.error : '')));
      submit.disabled = false;
    }
  });
}

// ---- installed ----------------------------------------------------------------------------------------------------

async function installedPage() {
  const [estimators, models, datasets, plugins] = await Promise.all(['estimators', 'models', 'datasets', 'plugins'].map(p => api('GET', '/api/' + p)));
  document.title = 'Installed · lmwb';
  const yes = b => (b ? 'yes' : 'no');
  show(h('h1', { text: 'Installed' }),
    h('h2', { id: 'estimators', text: 'Estimators' }),
    table([{ title: 'Name', value: e => e.name }, { title: 'Description', value: e => e.description }, { title: 'Tasks', value: e => (e.tasks || []).join(', ') }, { title: 'Bundle', value: e => e.bundle }], estimators),
    h('h2', { text: 'Models' }),
    table([{ title: 'Model', value: m => m.model }, { title: 'Source', value: m => m.source }, { title: 'Layers', value: m => m.layers, num: true },
      { title: 'Hidden size', value: m => m.hiddenSize ?? m.hidden_size, num: true }, { title: 'Parameters', value: m => (m.parameters || 0).toLocaleString(), num: true },
      { title: 'Local', value: m => yes(m.local) }, { title: 'Description', value: m => m.description }], models),
    h('h2', { text: 'Datasets' }),
    table([{ title: 'Name', value: d => d.name }, { title: 'Task', value: d => d.task }, { title: 'Provider', value: d => d.provider }, { title: 'Source', value: d => d.source },
      { title: 'Local', value: d => yes(d.local) }, { title: 'Description', value: d => d.description }], datasets),
    h('h2', { text: 'Plug-ins and bundles' }),
    table([{ title: 'Bundle', value: b => b.bundle }, { title: 'Version', value: b => b.version }, { title: 'Origin', value: b => b.origin },
      { title: 'State', value: b => b.state }, { title: 'Location', value: b => b.location }, { title: 'Errors', value: b => (b.errors || []).join('; ') }], plugins));
}

// ---- password ---------------------------------------------------------------------------------------------------

/** Sets the signed-in user's password (kept by the server as a salted slow hash); the token keeps working. */
function passwordPage() {
  document.title = 'Password · lmwb';
  const me = state.session.user;
  const field = (id, label, autocomplete, hint) => {
    const input = h('input', { id, type: 'password', autocomplete, required: true, 'aria-describedby': hint ? id + '-hint' : null });
    return [input, h('div', { class: 'field' }, h('label', { for: id, text: label }), input,
      hint ? h('div', { class: 'hint', id: id + '-hint', text: hint }) : null)];
  };
  const [current, currentField] = field('password-current', 'Your token or current password', 'current-password', 'the server asks for it so that a browser left signed in cannot change your password');
  const [fresh, freshField] = field('password-new', 'New password', 'new-password', 'at least 10 characters');
  const [again, againField] = field('password-again', 'New password again', 'new-password');
  const status = h('div', { id: 'password-status', 'aria-live': 'polite' });
  const form = h('form', { class: 'signin', id: 'password-form', onsubmit: async e => {
    e.preventDefault();
    if (fresh.value !== again.value) {
      status.replaceChildren(errorLine('The two new passwords differ; type the same password twice.'));
      again.select();
      return;
    }
    status.replaceChildren(h('p', { text: 'Saving…' }));
    try {
      await api('POST', '/api/users/' + encodeURIComponent(me) + '/password', { password: fresh.value, current: current.value.trim() });
      [current, fresh, again].forEach(i => { i.value = ''; });
      status.replaceChildren(h('p', { class: 'ok', id: 'password-saved', text: 'Password set. Sign in with ' + me + ' and this password from now on; your token still works.' }));
    } catch (err) {
      status.replaceChildren(errorLine(err.message));
    }
  } },
  h('h1', { text: 'Set your password' }),
  h('p', { class: 'hint', text: 'Signed in as ' + me + '. A password is easier to type than a token; the server keeps only a salted slow hash of it.' }),
  currentField, freshField, againField,
  h('button', { type: 'submit', id: 'password-submit', text: 'Set password' }), status);
  show(form);
  current.focus();
}

// ---- start --------------------------------------------------------------------------------------------------------

async function start() {
  document.getElementById('signout').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  try {
    state.session = await api('GET', '/api/session');
    signedIn();
  } catch (err) {
    state.session = null;
  }
  route();
}

start();
