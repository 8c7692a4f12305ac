/**
 * AI allowance per subscription plan (seed 002): requests per UTC day and per UTC calendar month.
 * Daily figures are the seed's ("Free: 3 requests per day, Premium: 50"; Enterprise is "custom" there
 * and 500 here until a contract sets it). Monthly = daily × 30, which gives the seed's premium example
 * (`monthly_limit: 1500`). Every model-calling route costs one request; history, limits, memory and
 * saving a quiz cost none. Days and months are UTC (the seed's reset times are UTC midnights).
 */
export type Plan = 'free' | 'premium' | 'enterprise';

export const AI_PLAN_LIMITS: Record<Plan, { daily: number; monthly: number }> = {
  free: { daily: 3, monthly: 90 },
  premium: { daily: 50, monthly: 1500 },
  enterprise: { daily: 500, monthly: 15000 },
};

/** The stored counters: the period each counts and its count (absent before the first request). */
export interface AiUsageCounters {
  day?: string;
  dayCount?: number;
  month?: string;
  monthCount?: number;
}

export interface UsagePeriods {
  day: string;
  month: string;
  dailyReset: Date;
  monthlyReset: Date;
}

export function usagePeriods(now: Date): UsagePeriods {
  const day = now.toISOString().slice(0, 10);
  const month = day.slice(0, 7);
  const dailyReset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
  const monthlyReset = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return { day, month, dailyReset, monthlyReset };
}

/** Requests used today and this month (a counter of an earlier period counts 0). */
export function usedNow(counters: AiUsageCounters | undefined, now: Date): { daily: number; monthly: number } {
  const { day, month } = usagePeriods(now);
  return {
    daily: counters?.day === day ? (counters.dayCount ?? 0) : 0,
    monthly: counters?.month === month ? (counters.monthCount ?? 0) : 0,
  };
}

/** Which limit a request would exceed, monthly first (waiting for tomorrow does not help then). */
export function exceededLimit(counters: AiUsageCounters | undefined, plan: Plan, now: Date): 'daily' | 'monthly' | undefined {
  const used = usedNow(counters, now);
  const limits = AI_PLAN_LIMITS[plan];
  if (used.monthly >= limits.monthly) return 'monthly';
  if (used.daily >= limits.daily) return 'daily';
  return undefined;
}
