// Provider: register or update terms (signed by the provider's wallet), orders placed with it, earnings.
import { el, fillTable, num } from '../console.js';
import { get } from '../api.js';
import { formatSeconds, shortAddress } from '../units.js';
import { stateBadge } from './orders.js';

const CAPACITY = ['cpuMillicores', 'memoryMib', 'storageGib', 'gpuCount'];
const PRICES = ['perCpuMillicore', 'perMemoryMib', 'perStorageGib', 'perGpu'];

let registered = null;

function terms(form, provider) {
  const data = new FormData(form);
  const capacity = Object.fromEntries(CAPACITY.map((n) => [n, Number(data.get(n) || 0)]));
  capacity.gpuModel = String(data.get('gpuModel') || '');
  const prices = Object.fromEntries(PRICES.map((n) => [n, String(data.get(n) || '0')]));
  return { provider, name: String(data.get('name')), gatewayUrl: String(data.get('gatewayUrl')), capacity, prices };
}

async function showEarnings(ctx) {
  document.getElementById('earnings').textContent = ctx.money(await ctx.wallet.earnings(ctx.chain.market));
}

export default {
  init(ctx) {
    const form = document.getElementById('terms-form');
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      ctx.busy(document.getElementById('terms-submit'), async () => {
        const provider = ctx.account();
        const action = registered ? 'update-provider' : 'register-provider';
        await ctx.signed(action, terms(form, provider));
        ctx.notify(registered ? 'Your new terms are on the registry.' : 'You are registered: users can now order from you.');
        await this.show(ctx);
      });
    });
    document.getElementById('withdraw-earnings').addEventListener('click', (e) => ctx.busy(e.currentTarget, async () => {
      ctx.account();
      const txHash = await ctx.wallet.withdrawEarnings(ctx.chain.market);
      await ctx.wallet.mined(txHash);
      ctx.notify(`Earnings sent to your wallet in ${txHash}.`);
      await showEarnings(ctx);
    }));
  },
  async show(ctx) {
    if (!ctx.wallet.connected) {
      ctx.notify('Connect the wallet of your provider account.');
      return;
    }
    const address = ctx.wallet.account;
    const form = document.getElementById('terms-form');
    registered = await get(`/providers/${address}`).catch((e) => (e.status === 404 ? null : Promise.reject(e)));
    if (registered && !registered.active) registered = null;
    document.getElementById('terms-title').textContent = registered ? 'Your terms' : 'Register';
    document.getElementById('terms-submit').textContent = registered ? 'Sign and update' : 'Sign and register';
    if (registered) {
      form.elements.name.value = registered.name;
      form.elements.gatewayUrl.value = registered.gatewayUrl;
      for (const n of CAPACITY) form.elements[n].value = registered.capacity[n];
      form.elements.gpuModel.value = registered.capacity.gpuModel || '';
      for (const n of PRICES) form.elements[n].value = registered.prices[n];
    } else if (!form.elements.gatewayUrl.value) {
      form.elements.gatewayUrl.value = location.origin;
    }
    const answer = await get(`/orders?provider=${address}`);
    const list = (Array.isArray(answer) ? answer : answer.orders || []).sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    fillTable(document.getElementById('provider-order-table'), list.map((o) => ({
      cells: [el('span', { class: 'mono' }, `#${o.id}`), el('span', { class: 'mono', title: o.user }, shortAddress(o.user)),
        `${o.resources.cpuMillicores} mCPU, ${o.resources.memoryMib} MiB, ${o.resources.storageGib} GiB`, stateBadge(o.state),
        num(`${formatSeconds(o.servedSeconds ?? 0)} of ${formatSeconds(o.durationSeconds)}`), num(ctx.moneyNode(o.providerShare ?? 0))],
    })));
    await showEarnings(ctx);
  },
};
