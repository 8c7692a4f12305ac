/**
 * Training weights as learners write them in seed 004 progress logs ("135lbs", "62.5 kg"). A weight is
 * kept exactly as an integer number of hundredths in the unit the learner used, so "137.5lbs" is
 * stored and shown as written; comparisons across units use an exact integer mass (below), never
 * floating point, so 60kg and 132.28lbs compare the way a scale would.
 */
export const WEIGHT_UNITS = ['lbs', 'kg'] as const;
export type WeightUnit = (typeof WEIGHT_UNITS)[number];

export interface Weight {
  /** Hundredths of `unit` (135lbs → 13500). */
  hundredths: number;
  unit: WeightUnit;
}

/** The accepted range: above 0 and at most 1000 kg / 2200 lbs (nobody lifts more; typos beyond are refused). */
export const WEIGHT_LIMITS = { maxKg: 1000, maxLbs: 2200 } as const;

/** How the unit may be written (case-insensitive): lbs, lb, pounds, pound / kg, kgs, kilograms, kilogram. */
const UNIT_SPELLINGS: Record<string, WeightUnit> = {
  lbs: 'lbs',
  lb: 'lbs',
  pounds: 'lbs',
  pound: 'lbs',
  kg: 'kg',
  kgs: 'kg',
  kilograms: 'kg',
  kilogram: 'kg',
};

const WEIGHT_PATTERN = /^(\d{1,4})(?:\.(\d{1,2}))?\s?([a-z]+)$/;

export type WeightParse = { ok: true; weight: Weight } | { ok: false; message: string };

export const WEIGHT_HELP = 'Expected a weight with its unit, e.g. "135lbs", "135 lb" or "62.5kg" (at most 2 decimals)';

/**
 * Parses a written weight: a number with at most two decimals, an optional single space and a unit
 * (spellings above). Zero, negative, unit-less and out-of-range weights are refused with a message a
 * client can show next to the field.
 */
export function parseWeight(text: string): WeightParse {
  const match = WEIGHT_PATTERN.exec(text.trim().toLowerCase());
  if (!match) return { ok: false, message: WEIGHT_HELP };
  const unit = UNIT_SPELLINGS[match[3] as string];
  if (!unit) return { ok: false, message: `Unknown unit "${match[3]}": use lbs or kg` };
  const hundredths = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  if (hundredths <= 0) return { ok: false, message: 'A weight must be above 0' };
  const max = unit === 'kg' ? WEIGHT_LIMITS.maxKg : WEIGHT_LIMITS.maxLbs;
  if (hundredths > max * 100) return { ok: false, message: `At most ${max}${unit}` };
  return { ok: true, weight: { hundredths, unit } };
}

/**
 * Exact mass in units of 10⁻¹⁰ kg: a hundredth of a kilogram is 10⁸ such units and a hundredth of a
 * pound 45 359 237 (1 lb = 0.45359237 kg by definition). The largest accepted weight (2200 lbs) is
 * about 10¹³ units, far inside the safe integer range, so comparison is exact.
 */
export function massOf(weight: Weight): number {
  return weight.hundredths * (weight.unit === 'kg' ? 100_000_000 : 45_359_237);
}

/** −1, 0 or 1 as `a` is lighter than, as heavy as, or heavier than `b`, whatever their units. */
export function compareWeights(a: Weight, b: Weight): number {
  return Math.sign(massOf(a) - massOf(b));
}

/** `weight` expressed in `unit`, rounded to the nearest hundredth (used to show a difference in the learner's unit). */
export function convertWeight(weight: Weight, unit: WeightUnit): Weight {
  if (weight.unit === unit) return weight;
  const perHundredth = unit === 'kg' ? 100_000_000 : 45_359_237;
  return { hundredths: Math.round(massOf(weight) / perHundredth), unit };
}

/** "135lbs", "62.5kg": the number without trailing zeros, then the unit, as the seed writes weights. */
export function formatWeight(weight: Weight): string {
  const whole = Math.trunc(weight.hundredths / 100);
  const fraction = weight.hundredths % 100;
  const decimals = fraction === 0 ? '' : `.${String(fraction).padStart(2, '0').replace(/0$/, '')}`;
  return `${whole}${decimals}${weight.unit}`;
}

/** The smallest usual plate step: 5 lbs (a pair of 2.5 lb plates) or 2.5 kg (a pair of 1.25 kg plates). */
export function weightIncrement(unit: WeightUnit): Weight {
  return unit === 'kg' ? { hundredths: 250, unit } : { hundredths: 500, unit };
}
