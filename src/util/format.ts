// Small number formats shared by progress lines and messages.

/** An integer count in the shorter of plain and exponent form: 1e8, 250000, 3.16e5. */
export function formatCount(count: number): string {
  const plain = String(count);
  const exponent = count.toExponential().replace('e+', 'e');
  return exponent.length < plain.length ? exponent : plain;
}
