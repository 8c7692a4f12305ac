/**
 * IANA time zone validation. Streaks and daily analytics bucket activity by the learner's local day,
 * so only real IANA zone names are accepted (not offsets like "+02:00" or abbreviations like "CET"
 * that Intl would also take), plus "UTC".
 */
const ZONES = new Set<string>([...Intl.supportedValuesOf('timeZone'), 'UTC', 'Etc/UTC']);

export function isIanaTimeZone(value: string): boolean {
  return ZONES.has(value);
}

export const DEFAULT_TIME_ZONE = 'UTC';
