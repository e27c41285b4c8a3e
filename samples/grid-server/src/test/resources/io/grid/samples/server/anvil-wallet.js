// A test wallet: an EIP-1193 provider (window.ethereum) that forwards every request to the local Anvil
// chain, whose development accounts are unlocked, so every signature and transaction is made by the chain
// node itself. Injected before the page's own scripts by ConsoleBrowserTest; never part of the console.
(() => {
  const rpcUrl = '__RPC_URL__';
  const store = window.sessionStorage;
  const listeners = { accountsChanged: [], chainChanged: [] };
  let id = 0;
  const account = () => store.getItem('gridTestAccount');
  const granted = () => store.getItem('gridTestGranted') === 'true';
  async function forward(method, params) {
    const response = await fetch(rpcUrl, { method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: ++id, method, params: params || [] }) });
    const answer = await response.json();
    if (answer.error) {
      const error = new Error(answer.error.message);
      error.code = answer.error.code;
      throw error;
    }
    return answer.result;
  }
  window.ethereum = {
    isGridTestWallet: true,
    async request({ method, params }) {
      const calls = JSON.parse(store.getItem('gridTestCalls') || '[]');
      calls.push(method);
      store.setItem('gridTestCalls', JSON.stringify(calls));
      if (method === 'eth_requestAccounts') {
        store.setItem('gridTestGranted', 'true');
        return [account()];
      }
      if (method === 'eth_accounts') return granted() ? [account()] : [];
      return forward(method, params);
    },
    on(event, listener) { (listeners[event] = listeners[event] || []).push(listener); },
    removeListener(event, listener) { listeners[event] = (listeners[event] || []).filter((l) => l !== listener); },
  };
  // The test's hand on the wallet: which development account it holds, as a person would switch accounts.
  window.gridTestUseAccount = (address) => {
    store.setItem('gridTestAccount', address);
    if (granted()) listeners.accountsChanged.forEach((l) => l([address]));
  };
})();
