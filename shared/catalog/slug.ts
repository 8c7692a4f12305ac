/**
 * A URL slug from a title: accents folded to ASCII, lowercase, words joined by single dashes, at most
 * 80 characters cut at a word boundary. Titles with no letters or digits give an empty string, which
 * callers replace (the slug schema requires at least three characters).
 */
export function slugify(title: string): string {
  const words = title
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  let slug = '';
  for (const word of words) {
    const next = slug ? `${slug}-${word}` : word;
    if (next.length > 80) break;
    slug = next;
  }
  return slug.length >= 3 ? slug : '';
}
