// Deploy: greet 0/1/2 behind one button, then the app's status and a link through the gateway's proxy.
import { el } from '../console.js';
import { call, get, post, gatewayBase } from '../api.js';
import { myOrders } from './orders.js';

const OPEN = ['CREATED', 'ACCEPTED', 'ACTIVE'];
let polling = null;

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
  document.getElementById('app-status').replaceChildren(el('span', { class: `badge ${ready ? 'good' : gone ? 'bad' : 'warn'}` },
    ready ? 'ready' : gone ? 'not deployed' : 'starting'));
  document.getElementById('app-namespace').textContent = app.namespace || '–';
  document.getElementById('app-objects').textContent = app.workloads
    ? workloads.map((w) => `${w.kind} ${w.name}: ${w.readyReplicas}/${w.desiredReplicas} ready`).join(', ') || '–'
    : (app.objects || []).join(', ') || '–';
  const pods = Object.entries(app.podPhases || {});
  document.getElementById('app-pods').textContent = pods.map(([name, phase]) => `${name}: ${phase}`).join(', ') || '–';
  if (app.recentEvents) {
    const events = app.recentEvents.length ? app.recentEvents : ['no events yet'];
    document.getElementById('app-events').replaceChildren(...events.map((e) => el('li', {}, e)));
  }
  const link = document.getElementById('app-link');
  const url = appUrl(ctx, orderId);
  link.hidden = !url || gone;
  if (url) link.href = url;
}

async function watchApp(ctx, orderId, gateway) {
  clearTimeout(polling);
  const tick = async () => {
    if (document.getElementById('page-deploy').hidden) return;
    try {
      showApp(ctx, orderId, await get(`/gateway/orders/${orderId}/app`, gateway));
    } catch (e) {
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
          await flow.run(1, () => post('/gateway/greet', { type: 1, orderId }, gateway));
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
        const app = await flow.run(3, () => post('/gateway/deploy', { orderId, ...source }, gateway));
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
