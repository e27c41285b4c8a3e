// Orders: quote, create (the wallet signs the most it agrees to pay), my orders with settlement so far, cancel.
import { el, fillTable, num } from '../console.js';
import { get, post } from '../api.js';
import { formatSeconds, shortAddress } from '../units.js';

const OPEN = ['CREATED', 'ACCEPTED', 'ACTIVE'];

function request(form) {
  const data = new FormData(form);
  const resources = {};
  for (const name of ['cpuMillicores', 'memoryMib', 'storageGib', 'gpuCount']) resources[name] = Number(data.get(name) || 0);
  resources.gpuModel = '';
  return { provider: String(data.get('provider')), resources, durationSeconds: Number(data.get('durationSeconds')) };
}

export function stateBadge(state) {
  const tone = { ACTIVE: 'good', COMPLETED: '', CANCELLED: 'bad', CREATED: 'warn', ACCEPTED: 'warn' }[state] ?? '';
  return el('span', { class: `badge ${tone}` }, state);
}

/** The user's orders, newest first. */
export async function myOrders(ctx) {
  const answer = await get(`/orders?user=${ctx.wallet.account}`);
  const list = Array.isArray(answer) ? answer : answer.orders || [];
  return list.sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
}

async function listOrders(ctx, names) {
  const list = await myOrders(ctx);
  fillTable(document.getElementById('order-table'), list.map((o) => ({
    cells: [
      el('span', { class: 'mono' }, `#${o.id}`),
      el('span', { title: o.provider }, names.get(o.provider.toLowerCase()) || shortAddress(o.provider)),
      el('div', {}, stateBadge(o.state), o.settled ? el('div', { class: 'sub' }, 'settled') : null),
      num(`${formatSeconds(o.servedSeconds ?? 0)} of ${formatSeconds(o.durationSeconds)}`),
      num(ctx.moneyNode(o.cost)),
      num(o.refund === undefined ? '–' : ctx.moneyNode(o.refund)),
      !OPEN.includes(o.state) ? '' : el('div', { class: 'actions' },
        OPEN.includes(o.state) ? el('button', { type: 'button', class: 'small primary', 'aria-label': `Deploy on order ${o.id}`,
          onclick: () => ctx.go('deploy', { order: o.id }) }, 'Deploy') : null,
        OPEN.includes(o.state) ? el('button', { type: 'button', class: 'small', 'aria-label': `Cancel order ${o.id}`,
          onclick: (e) => ctx.busy(e.currentTarget, async () => {
            await ctx.signed('cancel-order', { user: ctx.wallet.account, orderId: String(o.id) });
            ctx.notify(`Order ${o.id} cancelled; what was not served goes back to your credits.`);
            await listOrders(ctx, names);
          }) }, 'Cancel') : null),
    ],
  })));
  document.getElementById('orders-empty').hidden = list.length > 0;
}

let names = new Map();

export default {
  init(ctx) {
    const form = document.getElementById('order-form');
    const output = document.getElementById('quote-result');
    form.addEventListener('input', () => { output.textContent = ''; });
    document.getElementById('quote').addEventListener('click', (e) => ctx.busy(e.currentTarget, async () => {
      const quote = await post('/orders/quote', request(form));
      output.textContent = `Costs ${ctx.money(quote.cost)} at the registry's prices now.`;
    }));
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ctx.busy(form.querySelector('button[type=submit]'), async () => {
        const user = ctx.account();
        const order = await ctx.signed('create-order', { user, ...request(form) }, (typed) => {
          const limit = typed.message.maxCost;
          ctx.notify(`Your wallet asks you to sign the order${limit ? ` with a cost limit of ${ctx.money(limit)}` : ''}.`);
        });
        ctx.notify(`Order ${order.id} created: ${ctx.money(order.cost)} moved from your credits into escrow.`);
        await listOrders(ctx, names);
      });
    });
  },
  async show(ctx, params) {
    const form = document.getElementById('order-form');
    const providers = (await ctx.providers()).filter((p) => p.active);
    names = new Map(providers.map((p) => [p.address.toLowerCase(), p.name]));
    const select = form.elements.provider;
    const chosen = params.provider || select.value;
    select.replaceChildren(...providers.map((p) => el('option', { value: p.address }, `${p.name} (${shortAddress(p.address)})`)));
    if (chosen) select.value = chosen;
    if (ctx.need) {
      for (const [name, value] of Object.entries(ctx.need.resources)) if (form.elements[name]) form.elements[name].value = value;
      form.elements.durationSeconds.value = ctx.need.durationSeconds;
    }
    if (!ctx.wallet.connected) {
      ctx.notify('Connect your wallet to order and to see your orders.');
      return;
    }
    await listOrders(ctx, names);
  },
};
