/**
 * Word tokens for the local provider's retrieval and embedding: lower-cased letters and digits,
 * English stop words dropped, a plural/verb `s` stripped ("squats" → "squat") so the two forms meet.
 */
const STOP_WORDS = new Set(
  'a an and are as at be but by can do does for from how i if in into is it its me my of on or our so that the their then there these this to was what when where which who why will with you your'.split(' '),
);

export function tokenize(text: string): string[] {
  const words = text.toLowerCase().normalize('NFKD').match(/[a-z0-9]+/g) ?? [];
  return words.filter((w) => w.length > 1 && !STOP_WORDS.has(w)).map((w) => (w.length > 3 && w.endsWith('s') && !w.endsWith('ss') ? w.slice(0, -1) : w));
}
