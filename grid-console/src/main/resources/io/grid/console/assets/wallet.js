// The browser's own wallet through EIP-1193 (window.ethereum). Every signature is the wallet's:
// eth_signTypedData_v4 of the typed data GRID answers, personal_sign of the sign-in text it answers.
// No key ever enters the page.

const SELECTOR = {
  transfer: 'a9059cbb', // transfer(address,uint256)
  balanceOf: '70a08231', // balanceOf(address)
  earningsOf: '8df08bd4', // earningsOf(address)
  withdrawEarnings: 'b73c6ce9', // withdrawEarnings()
};

const word = (hex) => hex.replace(/^0x/, '').toLowerCase().padStart(64, '0');
const utf8Hex = (text) => '0x' + Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, '0')).join('');

export class Wallet extends EventTarget {
  constructor(ethereum) {
    super();
    this.ethereum = ethereum;
    this.account = null;
    this.chainId = null;
    if (ethereum && ethereum.on) {
      ethereum.on('accountsChanged', (accounts) => this.#accounts(accounts));
      ethereum.on('chainChanged', (id) => { this.chainId = BigInt(id).toString(); this.#changed(); });
    }
  }

  get present() { return Boolean(this.ethereum); }
  get connected() { return Boolean(this.account); }

  /** Asks the wallet for an account (the wallet asks its person). */
  async connect() {
    this.#require();
    const accounts = await this.ethereum.request({ method: 'eth_requestAccounts' });
    this.chainId = BigInt(await this.ethereum.request({ method: 'eth_chainId' })).toString();
    this.#accounts(accounts);
    return this.account;
  }

  /** Picks up an account the wallet already granted this page, without asking. */
  async resume() {
    if (!this.ethereum) return null;
    const accounts = await this.ethereum.request({ method: 'eth_accounts' });
    if (accounts.length) {
      this.chainId = BigInt(await this.ethereum.request({ method: 'eth_chainId' })).toString();
      this.#accounts(accounts);
    }
    return this.account;
  }

  /** Asks the wallet to use GRID's chain, adding it when the wallet does not know it. */
  async switchTo(chain) {
    const chainId = '0x' + BigInt(chain.chainId).toString(16);
    try {
      await this.ethereum.request({ method: 'wallet_switchEthereumChain', params: [{ chainId }] });
    } catch (e) {
      if (e.code !== 4902 || !chain.rpcUrl) throw e;
      await this.ethereum.request({ method: 'wallet_addEthereumChain', params: [{ chainId, chainName: `GRID ${chain.chainId}`,
        rpcUrls: [chain.rpcUrl], nativeCurrency: { name: 'Ether', symbol: 'ETH', decimals: 18 } }] });
    }
  }

  /** The wallet's signature of EIP-712 typed data, exactly as GRID answered it. */
  signTypedData(typedData) {
    return this.#request('eth_signTypedData_v4', [this.account, JSON.stringify(typedData)]);
  }

  /** The wallet's EIP-191 signature of a text (the gateway's sign-in message). */
  personalSign(text) {
    return this.#request('personal_sign', [utf8Hex(text), this.account]);
  }

  /** Sends `amount` base units of the ERC-20 `token` to `to` from the wallet; answers the transaction hash. */
  transferToken(token, to, amount) {
    return this.#request('eth_sendTransaction', [{ from: this.account, to: token,
      data: '0x' + SELECTOR.transfer + word(to) + word(BigInt(amount).toString(16)) }]);
  }

  /** The wallet's own transaction calling Market.withdrawEarnings(). */
  withdrawEarnings(market) {
    return this.#request('eth_sendTransaction', [{ from: this.account, to: market, data: '0x' + SELECTOR.withdrawEarnings }]);
  }

  /** ERC-20 balance of the account, in base units. */
  tokenBalance(token) {
    return this.#read(token, SELECTOR.balanceOf + word(this.account));
  }

  /** Market.earningsOf(account), in base units. */
  earnings(market) {
    return this.#read(market, SELECTOR.earningsOf + word(this.account));
  }

  /** The receipt of a transaction, or null while it is not mined. */
  receipt(hash) {
    return this.ethereum.request({ method: 'eth_getTransactionReceipt', params: [hash] });
  }

  /** Waits until the transaction is mined (the chain may mine blocks on a clock); answers its receipt. */
  async mined(hash, patienceSeconds = 180) {
    for (let waited = 0; waited < patienceSeconds; waited++) {
      const receipt = await this.receipt(hash);
      if (receipt) {
        if (receipt.status === '0x0') throw new Error(`Transaction ${hash} failed on chain.`);
        return receipt;
      }
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`Transaction ${hash} is not mined after ${patienceSeconds} s.`);
  }

  async #read(to, data) {
    const answer = await this.ethereum.request({ method: 'eth_call', params: [{ to, data: '0x' + data }, 'latest'] });
    return BigInt(answer === '0x' ? 0 : answer);
  }

  #request(method, params) {
    this.#require();
    if (!this.account) throw new Error('Connect your wallet first.');
    return this.ethereum.request({ method, params });
  }

  #require() {
    if (!this.ethereum) throw new Error('No browser wallet found: install one (MetaMask or another EIP-1193 wallet).');
  }

  #accounts(accounts) {
    this.account = accounts && accounts.length ? accounts[0] : null;
    this.#changed();
  }

  #changed() {
    this.dispatchEvent(new Event('change'));
  }
}
