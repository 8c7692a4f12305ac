import SVGtoPDF from 'svg-to-pdfkit';
import type { LearnerFigures } from '../domain/reportFigures.js';
import { reportCharts, type Chart } from './reportCharts.js';
import type { ReportDocument } from './reportDocument.js';
import { createPdf } from './pdfFonts.js';

const TITLES: Record<ReportDocument['report_type'], string> = {
  progress_summary: 'Progress summary',
  engagement_summary: 'Engagement summary',
  course_performance: 'Course performance',
  achievement_summary: 'Achievement summary',
};

/** Human labels of the summary figures (the CSV and JSON keep the field names). */
const FIGURE_LABELS: Record<string, string> = {
  users_analyzed: 'Learners analysed',
  active_learners: 'Active learners',
  total_progress_points: 'Points earned',
  average_completion_rate: 'Average completion rate',
  achievements_earned: 'Achievements earned',
  topics_completed: 'Topics completed',
  courses_completed: 'Courses completed',
  total_time_spent_hours: 'Time spent (hours)',
  active_learner_days: 'Active learner-days',
  sessions: 'Sessions',
  session_duration_avg_minutes: 'Avg session (minutes)',
  bounce_rate: 'Bounce rate',
  average_engagement_score: 'Avg engagement score',
  courses_analyzed: 'Courses analysed',
  average_score: 'Average score',
  learners_with_achievements: 'Learners with achievements',
  points_earned: 'Points earned',
  most_popular_achievement: 'Most popular achievement',
  achievement_distribution: 'Awards by tier',
};

const PERCENT_FIGURES = new Set(['average_completion_rate', 'bounce_rate', 'average_score']);

/** How a figure value is printed: numbers as JSON has them (so a text check can compare), null as "n/a". */
export function formatFigure(name: string, value: unknown): string {
  if (value === null || value === undefined) return 'n/a';
  if (typeof value === 'number') return PERCENT_FIGURES.has(name) ? `${value}%` : String(value);
  if (typeof value === 'object' && value && 'title' in value) {
    const v = value as { title: string | null; id: string; earned_count: number };
    return `${v.title ?? v.id} (${v.earned_count})`;
  }
  if (Array.isArray(value)) return value.map((v: { level: string; count: number }) => `${v.level} ${v.count}`).join(', ');
  return String(value);
}

const INK = '#1D2730';
const MUTED = '#5F6B75';
const RULE = '#DCE2E7';
const BAND = '#1F4E5F';
const ACCENT = '#2A7F8F';
const PAGE = { width: 595.28, height: 841.89, margin: 48 };

/**
 * The PDF file of a report (A4): a title block with the report type, the organization and the
 * period; the summary figures as cards; the three vector charts; the course table (course
 * performance); the recommendations; the per-learner table (detailed reports); page numbers on every
 * page. Fonts and the document come from the shared pdfkit setup (pdfFonts.ts).
 */
export async function reportPdf(doc: ReportDocument): Promise<Buffer> {
  const charts = await reportCharts(doc);
  const { pdf, done } = createPdf({ size: 'A4', margin: PAGE.margin, bufferPages: true, info: { Title: `${TITLES[doc.report_type]} — ${doc.organization_name ?? doc.community_id}`, Author: 'Cairn', Subject: `Report ${doc.report_id}` } });

  const left = PAGE.margin;
  const width = PAGE.width - 2 * PAGE.margin;
  const bottom = PAGE.height - PAGE.margin - 24;
  const ensure = (height: number) => {
    if (pdf.y + height > bottom) pdf.addPage();
  };
  const heading = (text: string) => {
    ensure(40);
    pdf.moveDown(0.6);
    pdf.font('Inter-SemiBold').fontSize(12).fillColor(INK).text(text, left, pdf.y);
    const y = pdf.y + 3;
    pdf.moveTo(left, y).lineTo(left + width, y).lineWidth(0.6).strokeColor(RULE).stroke();
    pdf.y = y + 8;
  };

  // Title block.
  pdf.rect(0, 0, PAGE.width, 112).fill(BAND);
  pdf.font('Inter').fontSize(9).fillColor('#A9CBD3').text('CAIRN · LEARNING PROGRESS REPORT', left, 28, { characterSpacing: 1 });
  pdf.font('Inter-SemiBold').fontSize(22).fillColor('white').text(TITLES[doc.report_type], left, 44);
  pdf.font('Inter').fontSize(11).fillColor('#E3EEF1').text(`${doc.organization_name ?? doc.community_id}  ·  ${doc.period.start_date} to ${doc.period.end_date}`, left, 76);
  pdf.y = 128;
  const meta = [
    `Organization: ${doc.organization_name ?? doc.community_id} (${doc.community_id})`,
    `Period: ${doc.period.start_date} to ${doc.period.end_date} (learner-local dates; ${doc.period.covered_days} with data, data through ${doc.data_through ?? 'n/a'})`,
    `Scope: ${doc.scope.kind === 'tenant' ? 'all activity' : `courses ${(doc.scope.course_ids ?? []).join(', ') || 'none'}`}  ·  Format: ${doc.format}  ·  Generated ${doc.generated_at.replace('T', ' ').slice(0, 16)} UTC`,
  ];
  pdf.font('Inter').fontSize(8.5).fillColor(MUTED);
  for (const line of meta) pdf.text(line, left, pdf.y, { width });

  // Summary cards, three per row.
  heading('Summary');
  const entries = Object.entries(doc.summary);
  const cardW = (width - 2 * 10) / 3;
  const cardH = 50;
  for (let i = 0; i < entries.length; i += 3) {
    ensure(cardH + 10);
    const y = pdf.y;
    entries.slice(i, i + 3).forEach(([name, value], j) => {
      const x = left + j * (cardW + 10);
      pdf.roundedRect(x, y, cardW, cardH, 4).lineWidth(0.6).fillAndStroke('#F5F8FA', RULE);
      pdf.font('Inter').fontSize(7.5).fillColor(MUTED).text((FIGURE_LABELS[name] ?? name).toUpperCase(), x + 10, y + 9, { width: cardW - 20, characterSpacing: 0.4 });
      const text = formatFigure(name, value);
      pdf.font('Inter-SemiBold').fontSize(text.length > 18 ? 9 : 15).fillColor(INK).text(text, x + 10, y + 24, { width: cardW - 20, height: 22, ellipsis: true });
    });
    pdf.y = y + cardH + 10;
  }

  // Charts.
  for (const chart of charts) drawChart(pdf, chart, left, width, heading, ensure);

  if (doc.courses) {
    heading('Courses');
    table(pdf, ensure, left, width, ['Course', 'Active learners', 'Completions', 'Completion rate', 'Avg score', 'Hours'], [0.4, 0.12, 0.12, 0.13, 0.11, 0.12],
      doc.courses.map((c) => [c.title, String(c.learners_active), String(c.completions), c.completion_rate === null ? 'n/a' : `${c.completion_rate}%`, c.average_score === null ? 'n/a' : `${c.average_score}%`, String(c.time_spent_hours)]));
  }

  heading('Recommendations');
  if (doc.recommendations.length === 0) {
    pdf.font('Inter').fontSize(9).fillColor(MUTED).text('No rule was triggered by the figures of this period.', left, pdf.y, { width });
  }
  for (const r of doc.recommendations) {
    ensure(24);
    const y = pdf.y;
    pdf.circle(left + 3, y + 5, 1.8).fill(ACCENT);
    pdf.font('Inter').fontSize(9).fillColor(INK).text(r, left + 12, y, { width: width - 12 });
    pdf.moveDown(0.25);
  }

  if (doc.user_details) {
    heading('Learners');
    table(pdf, ensure, left, width, ['Learner', 'Progress', 'Courses done', 'Topics', 'Hours', 'Active days', 'Avg score', 'Engagement', 'Trend'], [0.24, 0.09, 0.09, 0.08, 0.08, 0.09, 0.09, 0.11, 0.13],
      doc.user_details.map((u: LearnerFigures) => [u.name ?? u.user_id, u.progress_percentage === null ? 'n/a' : `${u.progress_percentage}%`, String(u.courses_completed), String(u.topics_completed), String(u.total_time_spent_hours), String(u.active_days), u.average_score === null ? 'n/a' : `${u.average_score}%`, u.engagement_score === null ? 'n/a' : String(u.engagement_score), u.performance_trend ?? 'n/a']));
  }

  // Page numbers (and the report id) on every page.
  const range = pdf.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    pdf.switchToPage(i);
    // The footer sits in the bottom margin: without this pdfkit would start a new page for it.
    pdf.page.margins.bottom = 0;
    const y = PAGE.height - PAGE.margin + 8;
    pdf.moveTo(left, y - 6).lineTo(left + width, y - 6).lineWidth(0.5).strokeColor(RULE).stroke();
    pdf.font('Inter').fontSize(7.5).fillColor(MUTED);
    pdf.text(`${TITLES[doc.report_type]} · ${doc.organization_name ?? doc.community_id} · ${doc.report_id}`, left, y, { width: width - 80, lineBreak: false });
    pdf.text(`Page ${i - range.start + 1} of ${range.count}`, left + width - 80, y, { width: 80, align: 'right', lineBreak: false });
  }
  pdf.end();
  return done;
}

function drawChart(pdf: PDFKit.PDFDocument, chart: Chart, left: number, width: number, heading: (t: string) => void, ensure: (h: number) => void): void {
  const scale = chart.svg ? Math.min(1, width / chart.width) : 1;
  ensure(40 + chart.height * scale);
  heading(chart.title);
  if (!chart.svg) {
    pdf.font('Inter').fontSize(9).fillColor(MUTED).text('No data for this period.', left, pdf.y, { width });
    return;
  }
  const y = pdf.y;
  SVGtoPDF(pdf, chart.svg, left + (width - chart.width * scale) / 2, y, {
    width: chart.width * scale,
    height: chart.height * scale,
    assumePt: true,
    fontCallback: (_family: string, bold: boolean) => (bold ? 'Inter-SemiBold' : 'Inter'),
  });
  pdf.y = y + chart.height * scale + 6;
}

function table(pdf: PDFKit.PDFDocument, ensure: (h: number) => void, left: number, width: number, headers: string[], fractions: number[], rows: string[][]): void {
  const widths = fractions.map((f) => f * width);
  const rowH = 16;
  const headerH = 24;
  const header = () => {
    const y = pdf.y;
    pdf.rect(left, y, width, headerH).fill('#EAF1F4');
    let x = left;
    headers.forEach((h, i) => {
      pdf.font('Inter-SemiBold').fontSize(7.5).fillColor(INK).text(h, x + 4, y + 3.5, { width: widths[i]! - 8, height: headerH - 4, ellipsis: true, align: i === 0 ? 'left' : 'right' });
      x += widths[i]!;
    });
    pdf.y = y + headerH;
  };
  ensure(rowH * 3);
  header();
  rows.forEach((row, r) => {
    if (pdf.y + rowH > PAGE.height - PAGE.margin - 24) {
      pdf.addPage();
      header();
    }
    const y = pdf.y;
    if (r % 2 === 1) pdf.rect(left, y, width, rowH).fill('#F7F9FA');
    let x = left;
    pdf.font('Inter').fontSize(8).fillColor(INK);
    row.forEach((cell, i) => {
      // Placed and clipped by hand: pdfkit's line wrapper (width/ellipsis options) costs ~20 ms a cell.
      const text = fitted(pdf, cell, widths[i]! - 8);
      const tx = i === 0 ? x + 4 : x + widths[i]! - 4 - pdf.widthOfString(text);
      pdf.text(text, tx, y + 4.5, { lineBreak: false });
      x += widths[i]!;
    });
    pdf.y = y + rowH;
  });
  pdf.y += 4;
}

/** `text` shortened with an ellipsis to fit `maxWidth` in the current font. */
function fitted(pdf: PDFKit.PDFDocument, text: string, maxWidth: number): string {
  if (pdf.widthOfString(text) <= maxWidth) return text;
  let t = text;
  while (t.length > 1 && pdf.widthOfString(`${t}…`) > maxWidth) t = t.slice(0, -1);
  return `${t}…`;
}
