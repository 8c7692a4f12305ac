/**
 * Rarity of an achievement from the share of the tenant's members who hold it (issue 6):
 *
 * | share of members holding it | rarity |
 * | --- | --- |
 * | ≥ 50 % | common |
 * | ≥ 20 % | uncommon |
 * | ≥ 5 % | rare |
 * | ≥ 1 % | epic |
 * | < 1 % (incl. nobody yet) | legendary |
 */
export const RARITIES = ['common', 'uncommon', 'rare', 'epic', 'legendary'] as const;
export type Rarity = (typeof RARITIES)[number];

export function rarityOf(earnedCount: number, members: number): Rarity {
  if (members <= 0 || earnedCount <= 0) return 'legendary';
  const share = earnedCount / members;
  if (share >= 0.5) return 'common';
  if (share >= 0.2) return 'uncommon';
  if (share >= 0.05) return 'rare';
  if (share >= 0.01) return 'epic';
  return 'legendary';
}
