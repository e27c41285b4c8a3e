// Pay and credits: tokens from the wallet to the market, confirmations counting up, credits, withdraw.
import { fillTable, num, el } from '../console.js';
import { get, post } from '../api.js';
import { parseUnits, shortAddress } from '../units.js';

let watching = null; // the transfer whose confirmations are being counted

async function refreshCredits(ctx) {
  const account = ctx.wallet.account;
  if (!account) return;
  const [credits, transfers] = await Promise.all([get(`/credits/${account}`), get(`/transfers?user=${account}`)]);
  document.getElementById('credits-available').textContent = ctx.money(credits.available);
  document.getElementById('credits-escrowed').textContent = ctx.money(credits.escrowed);
  const list = Array.isArray(transfers) ? transfers : transfers.transfers || [];
  fillTable(document.getElementById('transfer-table'), list.map((t) => ({
    cells: [el('span', { class: 'mono', title: t.txHash }, shortAddress(t.txHash)), num(ctx.money(t.amount)),
      num(`${Math.min(t.confirmations, ctx.chain.confirmations)} / ${ctx.chain.confirmations}`),
      el('span', { class: `badge ${t.state === 'CREDITED' ? 'good' : t.state === 'REJECTED' ? 'bad' : 'warn'}` }, t.state)],
  })));
}

function showConfirmations(ctx, transfer) {
  const needed = ctx.chain.confirmations;
  const have = Math.min(transfer.confirmations, needed);
  const bar = document.getElementById('pay-confirmations');
  bar.max = needed;
  bar.value = have;
  document.getElementById('pay-progress').hidden = false;
  document.getElementById('pay-confirmations-text').textContent = `${have} of ${needed} — ${transfer.state.toLowerCase()}`;
}

/** Counts a reported transfer's confirmations up until it is confirmed, then buys credits with it once. */
async function watch(ctx, txHash) {
  watching = txHash;
  while (watching === txHash) {
    const answer = await post(`/transfers/${txHash}/refresh`);
    const transfer = (answer.transfers || [answer])[0];
    showConfirmations(ctx, transfer);
    if (transfer.state === 'CONFIRMED') {
      const credit = await post('/credits/purchase', { txHash, logIndex: transfer.logIndex });
      ctx.notify(`Credited ${ctx.money(credit.amount)} from your transfer.`);
      showConfirmations(ctx, { ...transfer, state: 'CREDITED' });
      break;
    }
    if (transfer.state === 'CREDITED' || transfer.state === 'REJECTED') {
      ctx.notify(`The transfer is ${transfer.state.toLowerCase()}.`);
      break;
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  if (watching === txHash) watching = null;
  await refreshCredits(ctx);
}

export default {
  init(ctx) {
    document.getElementById('pay-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const button = e.currentTarget.querySelector('button');
      ctx.busy(button, async () => {
        ctx.account();
        const amount = parseUnits(new FormData(e.currentTarget).get('amount'), ctx.chain.token.decimals);
        ctx.notify(`Confirm the transfer of ${ctx.money(amount)} to the market ${ctx.chain.payTo} in your wallet.`);
        const txHash = await ctx.wallet.transferToken(ctx.chain.token.address, ctx.chain.payTo, amount);
        ctx.notify(`Sent ${txHash}; waiting for the chain to mine it.`);
        await ctx.wallet.mined(txHash);
        await post('/transfers', { txHash });
        ctx.notify(`Sent ${txHash}; waiting for ${ctx.chain.confirmations} confirmations.`);
        await refreshCredits(ctx);
        await watch(ctx, txHash);
      });
    });
    document.getElementById('withdraw-form').addEventListener('submit', (e) => {
      e.preventDefault();
      const form = e.currentTarget;
      ctx.busy(form.querySelector('button'), async () => {
        const user = ctx.account();
        const amount = parseUnits(new FormData(form).get('amount'), ctx.chain.token.decimals);
        const before = BigInt((await get(`/credits/${user}`)).available);
        await ctx.signed('withdraw-credits', { user, amount: amount.toString() });
        ctx.notify(`Withdrawing ${ctx.money(amount)} to your wallet.`);
        form.reset();
        // The platform relays the withdrawal to the chain; the credits show it once it is mined.
        for (let tries = 0; tries < 30; tries++) {
          if (BigInt((await get(`/credits/${user}`)).available) < before) break;
          await new Promise((resolve) => setTimeout(resolve, 1000));
        }
        await refreshCredits(ctx);
      });
    });
  },
  async show(ctx) {
    if (!ctx.wallet.connected) {
      ctx.notify('Connect your wallet to see your credits.');
      return;
    }
    await refreshCredits(ctx);
  },
};
