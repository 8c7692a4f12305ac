import { stringify } from 'csv-stringify/sync';
import type { ReportDocument } from './reportDocument.js';

/**
 * The CSV file of a report: one row per figure (`section, subject_id, subject_name, figure, value`),
 * so every figure of the JSON report, per-learner rows included, is one line a spreadsheet can filter.
 * Names come from users, so csv-stringify's `escape_formulas` prefixes a cell starting with `=`, `+`,
 * `-`, `@`, tab or carriage return with a single quote (spreadsheet formula injection). Nulls are empty.
 */
export const CSV_COLUMNS = ['section', 'subject_id', 'subject_name', 'figure', 'value'] as const;

type Cell = string | number | null;

function valueOf(value: unknown): Cell {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

export function reportRows(doc: ReportDocument): Cell[][] {
  const rows: Cell[][] = [];
  const meta: [string, unknown][] = [
    ['report_id', doc.report_id],
    ['report_type', doc.report_type],
    ['community_id', doc.community_id],
    ['organization_name', doc.organization_name],
    ['period_start', doc.period.start_date],
    ['period_end', doc.period.end_date],
    ['covered_days', doc.period.covered_days],
    ['data_through', doc.data_through],
    ['generated_at', doc.generated_at],
  ];
  for (const [figure, value] of meta) rows.push(['report', null, null, figure, valueOf(value)]);
  for (const [figure, value] of Object.entries(doc.summary)) rows.push(['summary', null, null, figure, valueOf(value)]);
  for (const d of doc.charts.daily_active_learners) rows.push(['daily_active_learners', d.date, null, 'learners', d.learners]);
  for (const c of doc.charts.completions_per_course) rows.push(['completions_per_course', c.course_id, c.title, 'completions', c.completions]);
  for (const b of doc.charts.progress_distribution) rows.push(['progress_distribution', b.bucket, null, 'learners', b.learners]);
  for (const c of doc.courses ?? []) {
    const { course_id, title, ...figures } = c;
    for (const [figure, value] of Object.entries(figures)) rows.push(['course', course_id, title, figure, valueOf(value)]);
  }
  for (const u of doc.user_details ?? []) {
    const { user_id, name, ...figures } = u;
    for (const [figure, value] of Object.entries(figures)) rows.push(['user', user_id, name, figure, valueOf(value)]);
  }
  for (const r of doc.recommendation_details) rows.push(['recommendation', r.subject.id, r.subject.name, r.figure, r.message]);
  return rows;
}

export function reportCsv(doc: ReportDocument): string {
  return stringify(reportRows(doc), { header: true, columns: [...CSV_COLUMNS], escape_formulas: true, cast: { number: (n) => String(n) } });
}
