// The GRID console: one page per hash (#providers, #wallet, #pay, #orders, #deploy, #provider), plain DOM.
import { ApiError, call, get, post } from './api.js';
import { Wallet } from './wallet.js';
import { formatUnits, shortAddress } from './units.js';
import providers from './pages/providers.js';
import wallet from './pages/wallet.js';
import pay from './pages/pay.js';
import orders from './pages/orders.js';
import deploy from './pages/deploy.js';
import provider from './pages/provider.js';

const PAGES = { providers, wallet, pay, orders, deploy, provider };

/** Builds an element; children are nodes or text (never parsed as HTML). */
export function el(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') node.className = value;
    else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children.flat()) {
    if (child !== undefined && child !== null && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** Fills a table body; each row is a list of [column label, cell content, cell class]. */
export function fillTable(table, rows, rowClass = () => '') {
  const head = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim());
  const body = table.querySelector('tbody');
  body.replaceChildren(...rows.map((row) => el('tr', { class: rowClass(row) },
    ...row.cells.map((cell, i) => {
      const wrapped = cell !== null && typeof cell === 'object' && !(cell instanceof Node);
      return el('td', { 'data-label': head[i] || '', class: wrapped ? cell.className : undefined }, wrapped ? cell.node : cell);
    }))));
}

/** A cell of a number (right-aligned figures). */
export const num = (text) => ({ node: text, className: 'num' });

const notice = document.getElementById('notice');

const ctx = {
  chain: null,
  settings: {},
  wallet: new Wallet(window.ethereum),
  /** What the user asked for on the providers page, carried to a new order. */
  need: null,

  /** Tells the person something (read out by screen readers). */
  notify(text) {
    notice.textContent = text;
    notice.className = 'notice';
    notice.hidden = false;
  },

  /** Tells the person what went wrong, with GRID's reason code when there is one. */
  fail(error) {
    const reason = error instanceof ApiError && error.reason ? ` (${error.reason})` : '';
    const message = error?.code === 4001 ? 'You declined in your wallet.' : (error?.message || String(error));
    notice.textContent = message + reason;
    notice.className = 'notice error';
    notice.hidden = false;
    console.warn('grid console', error);
  },

  /** Runs an action from a button: the button is disabled meanwhile and failures are told. */
  async busy(button, action) {
    if (button) button.disabled = true;
    try {
      return await action();
    } catch (e) {
      this.fail(e);
      return undefined;
    } finally {
      if (button) button.disabled = false;
    }
  },

  /** The connected account, or a clear failure asking to connect. */
  account() {
    if (!this.wallet.connected) throw new Error('Connect your wallet first (the button at the top right).');
    return this.wallet.account;
  },

  /**
   * A signed action: asks the platform for the typed data of `action` with `body`, lets the wallet sign
   * exactly that, and sends what the platform said to send. `review` may show the typed data first.
   */
  async signed(action, body, review) {
    const answer = await post(`/typed-data/${action}`, body);
    if (review) review(answer.typedData);
    const signature = await this.wallet.signTypedData(answer.typedData);
    const submit = answer.submit;
    return call(submit.method, submit.path, { ...submit.body, signature });
  },

  /** Token amount for people: "12.5 GRID". */
  money(amount) {
    if (amount === undefined || amount === null) return '–';
    const token = this.chain?.token || { decimals: 18, symbol: 'GRID' };
    return `${formatUnits(amount, token.decimals)} ${token.symbol}`;
  },

  /** A token amount with its exact base units in a tooltip. */
  moneyNode(amount) {
    return el('span', { title: `${BigInt(amount ?? 0).toLocaleString('en-US')} base units` }, this.money(amount));
  },

  /** Registered providers (one request per page view). */
  async providers() {
    const answer = await get('/providers');
    return Array.isArray(answer) ? answer : answer.providers || [];
  },

  go(page, params = {}) {
    const query = new URLSearchParams(params).toString();
    location.hash = page + (query ? '?' + query : '');
  },
};

const walletButton = document.getElementById('wallet-button');

function showWallet() {
  const account = ctx.wallet.account;
  walletButton.textContent = account ? shortAddress(account) : 'Connect wallet';
  walletButton.classList.toggle('connected', Boolean(account));
  walletButton.setAttribute('aria-label', account ? `Wallet connected: ${account}` : 'Connect wallet');
}

walletButton.addEventListener('click', () => ctx.busy(walletButton, async () => {
  await ctx.wallet.connect();
  ctx.notify(`Connected ${ctx.wallet.account}.`);
}));

let current = null;

async function route() {
  const [name, query] = location.hash.replace(/^#/, '').split('?');
  const id = PAGES[name] ? name : 'providers';
  for (const link of document.querySelectorAll('#nav a')) {
    if (link.dataset.page === id) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
  for (const section of document.querySelectorAll('.page')) section.hidden = section.id !== `page-${id}`;
  if (current !== id) {
    notice.hidden = true;
    document.title = `${document.querySelector(`#page-${id} h1`).textContent} · GRID console`;
    if (current !== null) document.getElementById('main').focus({ preventScroll: true });
  }
  current = id;
  await ctx.busy(null, () => PAGES[id].show(ctx, Object.fromEntries(new URLSearchParams(query || ''))));
}

async function start() {
  ctx.wallet.addEventListener('change', () => { showWallet(); if (current) route(); });
  try {
    [ctx.chain, ctx.settings] = await Promise.all([get('/chain'), get('/console/settings.json').catch(() => ({}))]);
    for (const node of document.querySelectorAll('.token-symbol')) node.textContent = ctx.chain.token.symbol;
  } catch (e) {
    ctx.fail(e);
  }
  for (const page of Object.values(PAGES)) page.init(ctx);
  await ctx.wallet.resume().catch(() => null);
  showWallet();
  window.addEventListener('hashchange', route);
  await route();
  document.body.dataset.ready = 'true';
}

start();
