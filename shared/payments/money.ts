/**
 * Minor units ↔ the decimal amounts seed 002 shows (49.99). Cairn stores and computes cents only;
 * conversion happens at the API edge, so no arithmetic ever runs on binary fractions.
 */
export function toMajorUnits(cents: number): number {
  return Math.round(cents) / 100;
}

/** A client's decimal amount (already checked to have at most two decimals) in cents. */
export function toMinorUnits(amount: number): number {
  return Math.round(amount * 100);
}
