/**
 * ISO 6346 container identification: 3-letter owner code, equipment category (U, J or Z),
 * 6-digit serial and a check digit computed from the first ten characters.
 */
const ID_PATTERN = /^[A-Z]{3}[UJZ]\d{6}\d$/;

/** Letter values skip multiples of 11 (A=10, B=12, ... K=21, L=23 ...), per ISO 6346 Annex A. */
function characterValue(ch: string): number {
  if (ch >= '0' && ch <= '9') return ch.charCodeAt(0) - 48;
  let value = 10;
  for (let c = 65; c < ch.charCodeAt(0); c++) {
    value++;
    if (value % 11 === 0) value++;
  }
  return value;
}

/**
 * Computes the ISO 6346 check digit of the first ten characters of a container id.
 * @example computeCheckDigit('CSQU305438') // 3
 */
export function computeCheckDigit(firstTen: string): number {
  let sum = 0;
  for (let i = 0; i < 10; i++) sum += characterValue(firstTen[i]!) * 2 ** i;
  return (sum % 11) % 10;
}

/** True when `id` is a well-formed ISO 6346 id whose check digit matches. */
export function isValidContainerId(id: string): boolean {
  if (!ID_PATTERN.test(id)) return false;
  return computeCheckDigit(id.slice(0, 10)) === Number(id[10]);
}

/** Builds a valid container id from an owner code (3 letters) and a serial number. */
export function makeContainerId(owner: string, serial: number): string {
  const firstTen = `${owner.toUpperCase()}U${String(serial % 1_000_000).padStart(6, '0')}`;
  return `${firstTen}${computeCheckDigit(firstTen)}`;
}
