// Providers: every registered provider with its price for what the user needs, and why it cannot take it.
import { el, fillTable, num } from '../console.js';
import { gatewayBase } from '../api.js';
import { shortAddress } from '../units.js';

const RESOURCES = [
  ['cpuMillicores', 'perCpuMillicore', 'mCPU'],
  ['memoryMib', 'perMemoryMib', 'MiB'],
  ['storageGib', 'perStorageGib', 'GiB'],
  ['gpuCount', 'perGpu', 'GPU'],
];

const reachable = new Map(); // gateway URL → 'online' | 'no answer'

/** What the form asks for. */
export function readNeed(form) {
  const data = new FormData(form);
  const resources = {};
  for (const [name] of RESOURCES) resources[name] = Number(data.get(name) || 0);
  resources.gpuModel = String(data.get('gpuModel') || '');
  return { resources, durationSeconds: Number(data.get('hours') || 1) * 3600 };
}

/** Base units per hour for `resources` at `prices` (integers only). */
export function pricePerHour(resources, prices) {
  return RESOURCES.reduce((sum, [q, p]) => sum + BigInt(resources[q] || 0) * BigInt(prices[p] || 0), 0n) * 3600n;
}

/** Why `provider` cannot take `resources` now, or null when it can. */
export function whyNot(provider, resources) {
  if (!provider.active) return 'deregistered';
  const free = provider.free || provider.capacity;
  const short = RESOURCES.filter(([q]) => (resources[q] || 0) > free[q])
    .map(([q, , unit]) => `${resources[q] - free[q]} ${unit} short (${free[q]} free of ${provider.capacity[q]})`);
  if (resources.gpuCount > 0 && resources.gpuModel && provider.capacity.gpuModel
      && resources.gpuModel.toLowerCase() !== provider.capacity.gpuModel.toLowerCase()) {
    short.push(`offers ${provider.capacity.gpuModel}, not ${resources.gpuModel}`);
  }
  return short.length ? short.join('; ') : null;
}

async function probe(url, done) {
  if (reachable.has(url)) return;
  reachable.set(url, 'checking');
  const stop = new AbortController();
  const timer = setTimeout(() => stop.abort(), 3000);
  try {
    const response = await fetch(`${gatewayBase(url)}/gateway/catalog`, { signal: stop.signal });
    reachable.set(url, response.ok ? 'online' : 'no answer');
  } catch {
    reachable.set(url, 'no answer');
  } finally {
    clearTimeout(timer);
  }
  done();
}

let all = [];

function statusBadge(provider, state) {
  return el('span', { class: `badge ${!provider.active ? 'bad' : state === 'online' ? 'good' : state === 'no answer' ? 'warn' : ''}`,
    'data-gateway': provider.gatewayUrl }, !provider.active ? 'deregistered' : state || 'checking');
}

/** Puts a gateway's answer into its badges in place, so that a row the person is using is not rebuilt. */
function showReachable(url) {
  for (const badge of document.querySelectorAll('#provider-table [data-gateway]')) {
    if (badge.dataset.gateway === url) {
      badge.replaceWith(statusBadge(all.find((p) => p.gatewayUrl === url && p.active) || { active: true, gatewayUrl: url },
        reachable.get(url)));
    }
  }
}

function render(ctx) {
  const form = document.getElementById('need');
  const need = readNeed(form);
  ctx.need = need;
  const data = new FormData(form);
  const search = String(data.get('search') || '').toLowerCase();
  const sort = data.get('sort');
  let rows = all.map((p) => ({ p, hour: pricePerHour(need.resources, p.prices), why: whyNot(p, need.resources) }))
    .filter((r) => !search || r.p.name.toLowerCase().includes(search) || r.p.address.toLowerCase().includes(search))
    .filter((r) => !data.get('onlyFit') || !r.why);
  const byName = (a, b) => a.p.name.localeCompare(b.p.name);
  rows.sort({
    price: (a, b) => (a.why ? 1 : 0) - (b.why ? 1 : 0) || (a.hour < b.hour ? -1 : a.hour > b.hour ? 1 : 0) || byName(a, b),
    free: (a, b) => (b.p.free || b.p.capacity).cpuMillicores - (a.p.free || a.p.capacity).cpuMillicores || byName(a, b),
    name: byName,
  }[sort] || byName);
  const hours = BigInt(need.durationSeconds / 3600);
  fillTable(document.getElementById('provider-table'), rows.map(({ p, hour, why }) => {
    const free = p.free || p.capacity;
    const state = reachable.get(p.gatewayUrl);
    return {
      why,
      cells: [
        el('div', {}, el('div', { class: 'who' }, p.name), el('div', { class: 'sub mono', title: p.address }, shortAddress(p.address)),
          why ? el('div', { class: 'reason' }, `Cannot fit: ${why}`) : null),
        el('div', { class: 'sub' }, `${free.cpuMillicores} / ${p.capacity.cpuMillicores} mCPU`, el('br'),
          `${free.memoryMib} / ${p.capacity.memoryMib} MiB`, el('br'), `${free.storageGib} / ${p.capacity.storageGib} GiB`,
          p.capacity.gpuCount ? [el('br'), `${free.gpuCount} / ${p.capacity.gpuCount} ${p.capacity.gpuModel || 'GPU'}`] : null),
        num(ctx.moneyNode(hour)),
        num(ctx.moneyNode(hour * hours)),
        statusBadge(p, state),
        why ? '' : el('button', { type: 'button', class: 'small primary', 'aria-label': `Order from ${p.name}`,
          onclick: () => ctx.go('orders', { provider: p.address }) }, 'Order'),
      ],
    };
  }), (r) => (r.why ? 'unfit' : ''));
  document.getElementById('providers-empty').hidden = all.length > 0;
}

export default {
  init(ctx) {
    const form = document.getElementById('need');
    form.addEventListener('input', () => render(ctx));
    form.addEventListener('submit', (e) => { e.preventDefault(); render(ctx); });
  },
  async show(ctx) {
    all = await ctx.providers();
    render(ctx);
    for (const p of all.filter((x) => x.active)) probe(p.gatewayUrl, () => showReachable(p.gatewayUrl));
  },
};
