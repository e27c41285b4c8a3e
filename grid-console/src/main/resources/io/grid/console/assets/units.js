// Amounts are integers in the token's base units (BigInt); never floating point.

/** "12.5" with 18 decimals → 12500000000000000000n; throws on anything but a plain decimal number. */
export function parseUnits(text, decimals) {
  const value = String(text).trim();
  if (!/^[0-9]+(\.[0-9]+)?$/.test(value)) {
    throw new Error(`"${text}" is not an amount`);
  }
  const [whole, fraction = ''] = value.split('.');
  if (fraction.length > decimals) {
    throw new Error(`at most ${decimals} decimals`);
  }
  return BigInt(whole) * 10n ** BigInt(decimals) + BigInt(fraction.padEnd(decimals, '0') || '0');
}

/** 12500000000000000000n with 18 decimals → "12.5" (at most `shown` decimals, cut, never rounded up). */
export function formatUnits(amount, decimals, shown = 6) {
  const value = BigInt(amount);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const whole = (abs / unit).toLocaleString('en-US');
  let fraction = (abs % unit).toString().padStart(decimals, '0').slice(0, shown).replace(/0+$/, '');
  if (!fraction && abs % unit !== 0n && abs < unit) {
    return `${negative ? '-' : ''}< 0.${'0'.repeat(shown - 1)}1`;
  }
  return `${negative ? '-' : ''}${whole}${fraction ? '.' + fraction : ''}`;
}

/** A duration in seconds as "1 h 5 min" or "42 s". */
export function formatSeconds(seconds) {
  const s = Number(seconds);
  if (s < 60) return `${s} s`;
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h} h${m ? ` ${m} min` : ''}` : `${m} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

/** 0x1234…abcd */
export function shortAddress(address) {
  return address ? `${address.slice(0, 6)}…${address.slice(-4)}` : '';
}
