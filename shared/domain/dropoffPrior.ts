import type { DropoffModel } from './dropoffModel.js';

/**
 * The global prior (docs/analytics.md §17.7): the model trained by the rolling back-test's final step
 * on the generated tenant (`npm run backtest -- dropoff` defaults: 400 learners, 150 days, seed 21),
 * used for a tenant without enough labelled history. test/unit/dropoffModel.test.ts retrains it and
 * compares, so it cannot drift from the code that produced it.
 */
export const GLOBAL_PRIOR: DropoffModel = {"name":"cairn-dropoff-logreg","version":1,"features":["daysSinceLastActivity","activityTrend","progressStagnation","quizFailures","sessionRegularity","streakLoss"],"means":{"daysSinceLastActivity":4.112017640573319,"activityTrend":-0.004158135139391911,"progressStagnation":0.3412422252499395,"quizFailures":1.0544652701212789,"sessionRegularity":0.8122932745314223,"streakLoss":2.811466372657111},"sds":{"daysSinceLastActivity":6.496697406068339,"activityTrend":0.25129915019779736,"progressStagnation":0.2781548730520056,"quizFailures":1.3339388895418343,"sessionRegularity":0.2512492052985331,"streakLoss":2.145007986231551},"weights":{"daysSinceLastActivity":1.020469814083064,"activityTrend":-0.4608891773113719,"progressStagnation":0.32747033512939977,"quizFailures":0.26323225739900546,"sessionRegularity":-0.48079932717235935,"streakLoss":-0.016405817520596125},"intercept":-1.9631831116790899,"platt":{"a":1.1867657220714263,"b":-0.13962555514756642},"threshold":0.17981402433256782,"trainedOn":{"examples":4535,"positives":884}};

/** The prior's measured AUC (rolling-origin back-test on the same generated tenant). */
export const GLOBAL_PRIOR_AUC = 0.89;
/** The date the prior was trained (it is regenerated only when the model code changes). */
export const GLOBAL_PRIOR_TRAINED_AT = '2026-12-03';
