// `npm run backtest -- dropoff [--learners 400] [--days 150] [--seed 21] [--step 7]
//                             [--tenant <tenantId> --from <yyyy-mm-dd> --to <yyyy-mm-dd>] [--json <file>]`
// Rolling-origin back-test of the drop-off model (issue 21, docs/analytics.md §17.6), on a generated
// tenant (bin/backtest/dropoffTenant.ts, deterministic per seed) and, with --tenant, on a tenant's
// learner-day aggregates read from DynamoDB (TABLE_NAME and DYNAMODB_ENDPOINT as for `npm start`,
// e.g. DynamoDB Local). Prints AUC, precision/recall at the chosen threshold, a calibration table
// and the Open edX Aspects rule on the same examples. Exits 1 when the model does not beat the rule.
import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { rollingOriginBacktest, type BacktestResult } from '../shared/domain/dropoffBacktest.js';
import { generateDropoffTenant } from './backtest/dropoffTenant.js';

function pct(v: number | null): string {
  return v === null ? 'n/a' : `${(v * 100).toFixed(1)} %`;
}

function num(v: number | null, digits = 3): string {
  return v === null ? 'n/a' : v.toFixed(digits);
}

function print(title: string, r: BacktestResult): void {
  const lines = [
    `== ${title}`,
    `origins ${r.origins.length} (${r.origins[0]?.cutoff ?? '-'} … ${r.origins[r.origins.length - 1]?.cutoff ?? '-'}), scored examples ${r.examples}, drop-offs ${r.positives} (${pct(r.examples ? r.positives / r.examples : null)})`,
    `AUC model ${num(r.auc)} | Aspects rule ${num(r.aspectsAuc)} | days-since-last-activity alone ${num(r.inactivityAuc)} | model − Aspects ${r.auc !== null && r.aspectsAuc !== null ? (r.auc - r.aspectsAuc).toFixed(3) : 'n/a'}`,
    `model at its threshold (max F1 on each origin's calibration cutoff; median ${num(median(r.model.thresholds))}): precision ${pct(r.model.precision)} recall ${pct(r.model.recall)} accuracy ${pct(r.model.accuracy)} (TP ${r.model.truePositives} FP ${r.model.falsePositives} FN ${r.model.falseNegatives} TN ${r.model.trueNegatives})`,
    `Aspects rule (failing, enrolled, inactive 7+ days): precision ${pct(r.aspects.precision)} recall ${pct(r.aspects.recall)} accuracy ${pct(r.aspects.accuracy)} (TP ${r.aspects.truePositives} FP ${r.aspects.falsePositives} FN ${r.aspects.falseNegatives} TN ${r.aspects.trueNegatives})`,
    'calibration (calibrated probability bins):',
    '  bin        count  mean predicted  observed rate',
    ...r.calibration.map((b) => `  ${b.from.toFixed(1)}–${b.to.toFixed(1)}  ${String(b.count).padStart(6)}  ${num(b.meanPredicted).padStart(14)}  ${num(b.observedRate).padStart(13)}`),
    'per origin: cutoff  train  test  drop-offs  AUC  Aspects AUC',
    ...r.origins.map((o) => `  ${o.cutoff}  ${o.trainExamples}  ${o.testExamples}  ${o.positives}  ${num(o.auc)}  ${num(o.aspectsAuc)}`),
  ];
  if (r.finalModel) lines.push(`final model weights (standardised features, logit units): ${JSON.stringify(Object.fromEntries(Object.entries(r.finalModel.weights).map(([k, v]) => [k, Number(v.toFixed(3))])))} intercept ${r.finalModel.intercept.toFixed(3)}`);
  console.log(lines.join('\n'));
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

async function main(): Promise<void> {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== 'dropoff') {
    console.error('usage: npm run backtest -- dropoff [--learners N] [--days D] [--seed S] [--step 7] [--tenant ID --from DATE --to DATE] [--json FILE]');
    process.exit(2);
  }
  const { values } = parseArgs({
    args: rest,
    options: {
      learners: { type: 'string', default: '400' },
      days: { type: 'string', default: '150' },
      seed: { type: 'string', default: '21' },
      step: { type: 'string', default: '7' },
      tenant: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      json: { type: 'string' },
    },
  });
  const step = Number(values.step);
  const results: Record<string, BacktestResult> = {};
  const generated = generateDropoffTenant({ learners: Number(values.learners), days: Number(values.days), seed: Number(values.seed) });
  results.generated = rollingOriginBacktest(generated.learners, generated.start, generated.end, { step });
  print(`generated tenant: ${values.learners} learners, ${values.days} days (${generated.start} … ${generated.end}), seed ${values.seed}`, results.generated);
  if (values.tenant) {
    if (!values.from || !values.to) throw new Error('--tenant needs --from and --to (the aggregated dates to read)');
    const { readTenantHistories } = await import('../shared/analytics/dropoffHistory.js');
    const histories = await readTenantHistories(values.tenant, values.from, values.to);
    results.tenant = rollingOriginBacktest(histories, values.from, values.to, { step });
    print(`tenant ${values.tenant}: ${histories.length} learners, ${values.from} … ${values.to}`, results.tenant);
  }
  if (values.json) writeFileSync(values.json, `${JSON.stringify(results, null, 2)}\n`);
  const g = results.generated;
  if (g.auc === null || g.aspectsAuc === null || g.auc <= g.aspectsAuc) {
    console.error('the model did not beat the Aspects rule on the generated tenant');
    process.exit(1);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
