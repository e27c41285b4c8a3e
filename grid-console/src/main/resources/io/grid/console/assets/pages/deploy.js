// Deploy: greet 0/1/2 behind one button, then the app's status, its live logs and events, why it fails
// (when it does), and a link through the gateway's proxy.
import { el } from '../console.js';
import { ApiError, call, get, post, gatewayBase } from '../api.js';
import { myOrders } from './orders.js';

const OPEN = ['CREATED', 'ACCEPTED', 'ACTIVE'];
/** The most log lines the page keeps; older ones are dropped. */
const MAX_LOG_LINES = 500;
/** The most events the page shows (the latest). */
const MAX_EVENTS = 50;
let polling = null;
/** The log stream being followed: the order and what stops it. */
let following = null;

/** Each typed reason the gateway gives for an app that does not run: a heading and what to do. */
const FAILURES = {
  IMAGE_PULL_FAILED: ['The image cannot be pulled',
    'Check the image name and tag in your YAML, and that the image is public: the provider pulls it without your credentials. Fix it and deploy again.'],
  CRASH_LOOP: ['The app keeps crashing',
    'The program exits soon after it starts. Its last log lines tell why; fix the app or its settings and deploy again.'],
  OUT_OF_MEMORY: ['The app runs out of memory',
    "The app needs more memory than the order holds. Make it use less, or create an order with more memory."],
  UNSCHEDULABLE: ['No node of the provider can hold the app',
    'The provider has no room for it now. Try again later, or undeploy and choose another provider.'],
  QUOTA_EXCEEDED: ["The app asks for more than the order holds",
    'Ask for less CPU, memory or storage in the YAML (or pick a smaller catalog app), or create a larger order.'],
  READINESS_PROBE_FAILING: ['The app does not become ready',
    'It runs but fails its readiness probe. Check that the probe asks the path and port the app serves; its logs may tell why.'],
};

function steps(names) {
  const list = document.getElementById('deploy-steps');
  list.replaceChildren(...names.map((name) => el('li', {}, name)));
  return {
    async run(index, action) {
      const item = list.children[index];
      item.className = 'running';
      try {
        const result = await action();
        item.className = 'done';
        return result;
      } catch (e) {
        item.className = 'failed';
        throw e;
      }
    },
    skip(index, why) {
      const item = list.children[index];
      item.className = 'done';
      item.append(el('span', { class: 'sub' }, ` — ${why}`));
    },
  };
}

/** Greet 1; while the provider's acceptance is not mined yet (503 ACCEPT_PENDING) it asks again shortly. */
async function greetAccept(orderId, gateway) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await post('/gateway/greet', { type: 1, orderId }, gateway);
    } catch (e) {
      if (!(e instanceof ApiError && e.reason === 'ACCEPT_PENDING') || attempt >= 60) throw e;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
  }
}

/** Where the app of `orderId` opens: the gateway's reverse proxy, as this console was told. */
function appUrl(ctx, orderId) {
  const proxy = ctx.settings.appProxyUrl;
  if (!proxy) return null;
  const url = new URL(proxy);
  if (url.hostname === '0.0.0.0' || url.hostname === '[::]') url.hostname = location.hostname;
  return `${url.origin}/orders/${orderId}/app/`;
}

async function gatewayOf(orderId) {
  const order = await get(`/orders/${orderId}`);
  const provider = await get(`/providers/${order.provider}`);
  return { order, gateway: gatewayBase(provider.gatewayUrl) };
}

/** Shows the app: a deploy answer (objects, ready) or the gateway's status (workloads, pods, events). */
function showApp(ctx, orderId, app) {
  document.getElementById('app-panel').hidden = false;
  const workloads = app.workloads || [];
  const ready = app.workloads ? app.exists && workloads.every((w) => w.readyReplicas >= w.desiredReplicas) : app.ready;
  const gone = app.workloads && !app.exists;
  const failed = !ready && !gone && Boolean(app.failure);
  document.getElementById('app-status').replaceChildren(el('span', { class: `badge ${ready ? 'good' : gone || failed ? 'bad' : 'warn'}` },
    ready ? 'ready' : gone ? 'not deployed' : failed ? 'failed' : 'starting'));
  document.getElementById('app-namespace').textContent = app.namespace || '–';
  document.getElementById('app-objects').textContent = app.workloads
    ? workloads.map((w) => `${w.kind} ${w.name}: ${w.readyReplicas}/${w.desiredReplicas} ready`).join(', ') || '–'
    : (app.objects || []).join(', ') || '–';
  const pods = Object.entries(app.podPhases || {});
  document.getElementById('app-pods').textContent = pods.map(([name, phase]) => `${name}: ${phase}`).join(', ') || '–';
  if (app.workloads) showFailure(app.failure ? app.failure.reason : null, app.failure ? describe(app.failure) : '',
    app.failure ? app.failure.lastLogLines : []);
  const link = document.getElementById('app-link');
  const url = appUrl(ctx, orderId);
  link.hidden = !url || gone || failed;
  if (url) link.href = url;
}

/** The failure the gateway tells of, in one sentence (as the deploy's problem detail says it). */
function describe(failure) {
  const where = failure.pod ? ` (pod ${failure.pod}${failure.container ? `, container ${failure.container}` : ''})` : '';
  const facts = [failure.image && `image ${failure.image}`, failure.exitCode != null && `last exit code ${failure.exitCode}`,
    failure.memoryLimit && `memory limit ${failure.memoryLimit}`].filter(Boolean).join(', ');
  return [facts, failure.detail].filter(Boolean).join(': ') + where;
}

/** Shows why the app does not run (a typed reason, what the cluster said, what to do), or hides it for null. */
function showFailure(reason, detail, lastLines = []) {
  const box = document.getElementById('app-failure');
  if (!reason) {
    box.hidden = true;
    return;
  }
  const [title, advice] = FAILURES[reason] || ['The app does not run', 'Read its events and logs below.'];
  document.getElementById('app-failure-title').textContent = title;
  document.getElementById('app-failure-reason').textContent = reason;
  document.getElementById('app-failure-detail').textContent = detail || '';
  document.getElementById('app-failure-lines').replaceChildren(...(lastLines || []).map((line) => el('li', {}, line)));
  document.getElementById('app-failure-advice').textContent = advice;
  box.hidden = false;
}

/** Adds log lines to the panel, keeping the last MAX_LOG_LINES, and stays at the bottom when the reader was there. */
function appendLogLines(lines) {
  if (!lines.length) return;
  const panel = document.getElementById('app-logs');
  const atBottom = panel.scrollTop + panel.clientHeight >= panel.scrollHeight - 4;
  panel.append(...lines.map((line) => el('div', {}, line)));
  while (panel.childElementCount > MAX_LOG_LINES) panel.firstElementChild.remove();
  if (atBottom) panel.scrollTop = panel.scrollHeight;
}

function logState(text) {
  document.getElementById('app-logs-state').textContent = text ? `— ${text}` : '';
}

function stopLogs() {
  if (following) following.controller.abort();
  following = null;
}

const pause = (ms, signal) => new Promise((resolve) => {
  const timer = setTimeout(resolve, ms);
  signal.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
});

/**
 * Follows the app's logs (the gateway's chunked `follow=true` answer, read as it arrives) until stopped.
 * When the stream ends while the app lives (pods replaced, no pod yet), it opens again and the panel
 * starts over from the last lines, so that no line shows twice.
 */
function followLogs(orderId, gateway) {
  if (following && following.orderId === orderId) return;
  stopLogs();
  const controller = new AbortController();
  following = { orderId, controller };
  const { signal } = controller;
  const url = `${gateway}/gateway/orders/${orderId}/app/logs?follow=true&tail=${MAX_LOG_LINES}`;
  (async () => {
    while (!signal.aborted) {
      try {
        const response = await fetch(url, { credentials: 'include', headers: { Accept: 'text/plain' }, signal });
        if (!response.ok) {
          const problem = await response.json().catch(() => ({}));
          logState(`not available: ${problem.detail || `HTTP ${response.status}`}${problem.reason ? ` (${problem.reason})` : ''}`);
          if (response.status < 500) return;
        } else {
          document.getElementById('app-logs').replaceChildren();
          logState('following live');
          const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
          let rest = '';
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            const lines = (rest + value).split('\n');
            rest = lines.pop();
            appendLogLines(lines);
          }
          appendLogLines(rest ? [rest] : []);
          logState('stream ended; opening again');
        }
      } catch (e) {
        if (signal.aborted) return;
        logState(`no answer (${e.message}); trying again`);
      }
      await pause(3000, signal);
    }
  })();
}

/** Shows the namespace's events, oldest first, each with the typed failure it tells of. */
function showEvents(events) {
  const list = document.getElementById('app-events');
  const latest = events.slice(-MAX_EVENTS);
  const key = JSON.stringify(latest);
  if (list.dataset.shown === key) return; // unchanged: nothing new to read out
  list.dataset.shown = key;
  if (!latest.length) {
    list.replaceChildren(el('li', { class: 'sub' }, 'no events yet'));
    return;
  }
  list.replaceChildren(...latest.map((e) => {
    if (e.retained) return el('li', {}, e.retained);
    const when = e.time ? new Date(e.time) : null;
    return el('li', { class: e.type === 'Warning' ? 'warning' : '' },
      el('span', { class: 'when' }, when && !Number.isNaN(when.getTime()) ? when.toLocaleTimeString() : ''), ' ',
      el('span', { class: `badge ${e.type === 'Warning' ? 'warn' : ''}` }, e.reason || e.type || 'event'), ' ',
      e.object ? el('span', { class: 'mono' }, e.object) : '', e.object ? ': ' : '',
      e.message || '',
      e.failure ? ' ' : '', e.failure ? el('span', { class: 'badge bad' }, e.failure) : '');
  }));
}

async function watchApp(ctx, orderId, gateway) {
  clearTimeout(polling);
  const tick = async () => {
    if (document.getElementById('page-deploy').hidden) {
      stopLogs();
      return;
    }
    try {
      const app = await get(`/gateway/orders/${orderId}/app`, gateway);
      showApp(ctx, orderId, app);
      if (!app.exists) {
        stopLogs();
        return;
      }
      followLogs(orderId, gateway);
      showEvents(await get(`/gateway/orders/${orderId}/app/events`, gateway));
    } catch (e) {
      stopLogs();
      if (e.status !== 404) ctx.fail(e);
      return;
    }
    polling = setTimeout(tick, 2000);
  };
  await tick();
}

export default {
  init(ctx) {
    const form = document.getElementById('deploy-form');
    form.elements.orderId.addEventListener('change', () => this.catalog(ctx));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ctx.busy(form.querySelector('button[type=submit]'), async () => {
        const user = ctx.account();
        const data = new FormData(form);
        const orderId = String(data.get('orderId'));
        const { order, gateway } = await gatewayOf(orderId);
        const flow = steps(['Greet 0: the provider can serve the order, paid in full',
          'Greet 1: the provider accepts the order on chain', 'Greet 2: sign in with your wallet', 'Deploy the app']);
        if (order.state === 'CREATED') {
          await flow.run(0, () => post('/gateway/greet', { type: 0, orderId }, gateway));
          await flow.run(1, () => greetAccept(orderId, gateway));
        } else {
          flow.skip(0, `order is ${order.state.toLowerCase()}`);
          flow.skip(1, 'already accepted');
        }
        await flow.run(2, async () => {
          const signIn = await get(`/gateway/orders/${orderId}/sign-in?address=${user}`, gateway);
          const signature = await ctx.wallet.personalSign(signIn.message);
          const submit = signIn.submit;
          return call(submit.method, submit.path, { ...submit.body, signature }, gateway);
        });
        const source = data.get('source') === 'url' ? { yamlUrl: String(data.get('yamlUrl')) } : { templateId: String(data.get('templateId')) };
        let app;
        try {
          app = await flow.run(3, () => post('/gateway/deploy', { orderId, ...source }, gateway));
        } catch (e) {
          if (e instanceof ApiError && FAILURES[e.reason]) {
            // The app stays deployed so that its logs and events tell more: show them with the reason.
            document.getElementById('app-panel').hidden = false;
            showFailure(e.reason, e.problem.detail);
            watchApp(ctx, orderId, gateway);
          }
          throw e;
        }
        showApp(ctx, orderId, app);
        const after = await get(`/orders/${orderId}`);
        form.elements.orderId.selectedOptions[0].textContent = `#${orderId} — ${after.state.toLowerCase()}`;
        ctx.notify(`Deployed on order ${orderId}${app.ready ? '; the app is ready.' : '; waiting for it to be ready.'}`);
        await watchApp(ctx, orderId, gateway);
      });
    });
    document.getElementById('app-undeploy').addEventListener('click', (e) => ctx.busy(e.currentTarget, async () => {
      const orderId = String(form.elements.orderId.value);
      const { gateway } = await gatewayOf(orderId);
      await call('DELETE', `/gateway/orders/${orderId}/app`, undefined, gateway);
      stopLogs();
      document.getElementById('app-panel').hidden = true;
      ctx.notify(`The app of order ${orderId} is removed; the order keeps running until its time is over.`);
    }));
  },

  async catalog(ctx) {
    const form = document.getElementById('deploy-form');
    const orderId = form.elements.orderId.value;
    if (!orderId) return;
    const { gateway } = await gatewayOf(orderId);
    const answer = await get('/gateway/catalog', gateway);
    const templates = Array.isArray(answer) ? answer : answer.templates || [];
    form.elements.templateId.replaceChildren(...templates.map((t) => el('option', { value: t.id, title: t.description }, t.name)));
    document.getElementById('app-panel').hidden = true;
    if (following && following.orderId !== orderId) {
      stopLogs();
      document.getElementById('app-logs').replaceChildren();
      logState('');
    }
    watchApp(ctx, orderId, gateway);
  },

  async show(ctx, params) {
    if (!ctx.wallet.connected) {
      ctx.notify('Connect your wallet to deploy on one of your orders.');
      return;
    }
    const form = document.getElementById('deploy-form');
    const open = (await myOrders(ctx)).filter((o) => OPEN.includes(o.state));
    const select = form.elements.orderId;
    const chosen = params.order || select.value;
    select.replaceChildren(...open.map((o) => el('option', { value: o.id }, `#${o.id} — ${o.state.toLowerCase()}`)));
    if (!open.length) {
      ctx.notify('You have no open order: create one on the Orders page first.');
      return;
    }
    if (chosen && open.some((o) => String(o.id) === String(chosen))) select.value = chosen;
    await this.catalog(ctx);
  },
};
