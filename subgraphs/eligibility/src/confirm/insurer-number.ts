/**
 * 保険者番号 (8 digits: 法別番号 2 + 都道府県番号 2 + 保険者別番号 3 + 検証番号 1). The check digit: from the right of
 * the first seven digits, multiply alternately by 2 and 1, add the digits of the products, and take
 * (10 − sum mod 10) mod 10 (厚生労働省「保険者番号等の設定について」).
 */
export function insurerCheckDigit(first7: string): number {
  let sum = 0;
  [...first7].reverse().forEach((ch, i) => {
    const p = Number(ch) * (i % 2 === 0 ? 2 : 1);
    sum += Math.floor(p / 10) + (p % 10);
  });
  return (10 - (sum % 10)) % 10;
}

export function isValidInsurerNumber(n: string): boolean {
  return /^\d{8}$/.test(n) && insurerCheckDigit(n.slice(0, 7)) === Number(n[7]);
}
