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

/**
 * 12500000000000000000n with 18 decimals → "12.5": at most `shown` decimals, or, below one whole token,
 * `significant` significant digits (cut, never rounded up), so that small prices stay readable.
 */
export function formatUnits(amount, decimals, shown = 6, significant = 4) {
  const value = BigInt(amount);
  const negative = value < 0n;
  const abs = negative ? -value : value;
  const unit = 10n ** BigInt(decimals);
  const wholePart = abs / unit;
  const digits = (abs % unit).toString().padStart(decimals, '0');
  let fraction;
  if (wholePart === 0n && abs !== 0n) {
    const first = digits.search(/[1-9]/);
    fraction = digits.slice(0, Math.max(shown, first + significant)).replace(/0+$/, '');
  } else {
    fraction = digits.slice(0, shown).replace(/0+$/, '');
  }
  return `${negative ? '-' : ''}${wholePart.toLocaleString('en-US')}${fraction ? '.' + fraction : ''}`;
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
