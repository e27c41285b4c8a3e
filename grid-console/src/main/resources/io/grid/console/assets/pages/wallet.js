// Wallet: the connected account, its network and tokens, and the chain GRID runs on.
export default {
  init(ctx) {
    document.getElementById('connect').addEventListener('click', (e) => ctx.busy(e.currentTarget, async () => {
      await ctx.wallet.connect();
      ctx.notify(`Connected ${ctx.wallet.account}.`);
    }));
    document.getElementById('switch-network').addEventListener('click', (e) => ctx.busy(e.currentTarget,
      () => ctx.wallet.switchTo(ctx.chain)));
  },
  async show(ctx) {
    const chain = ctx.chain;
    if (chain) {
      document.getElementById('chain-id').textContent = chain.chainId;
      document.getElementById('chain-token').textContent = `${chain.token.symbol} ${chain.token.address}`;
      document.getElementById('chain-payto').textContent = chain.payTo;
      document.getElementById('chain-confirmations').textContent = chain.confirmations;
    }
    const w = ctx.wallet;
    document.getElementById('connect').hidden = w.connected;
    document.getElementById('wallet-address').textContent = w.account || (w.present ? 'not connected' : 'no browser wallet found');
    const rightChain = chain && w.chainId === String(chain.chainId);
    document.getElementById('wallet-network').textContent = !w.connected ? '–'
      : rightChain ? `chain ${w.chainId} (GRID's)` : `chain ${w.chainId}: not GRID's chain ${chain?.chainId}`;
    document.getElementById('switch-network').hidden = !w.connected || rightChain;
    document.getElementById('wallet-tokens').textContent = w.connected && rightChain
      ? ctx.money(await w.tokenBalance(chain.token.address)) : '–';
  },
};
