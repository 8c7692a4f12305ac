import { rarityOf } from '../../shared/domain/achievementRarity.js';

describe('achievement rarity', () => {
  it('follows the documented share thresholds', () => {
    expect(rarityOf(50, 100)).toBe('common');
    expect(rarityOf(49, 100)).toBe('uncommon');
    expect(rarityOf(20, 100)).toBe('uncommon');
    expect(rarityOf(19, 100)).toBe('rare');
    expect(rarityOf(5, 100)).toBe('rare');
    expect(rarityOf(4, 100)).toBe('epic');
    expect(rarityOf(1, 100)).toBe('epic');
    expect(rarityOf(1, 101)).toBe('legendary');
    expect(rarityOf(0, 100)).toBe('legendary');
    expect(rarityOf(3, 0)).toBe('legendary');
  });
});
