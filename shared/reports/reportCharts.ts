import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import type { ReportDocument } from './reportDocument.js';

/**
 * The report's charts as vector SVG: a vega-lite spec compiled to vega and rendered headless with
 * `renderer: 'none'` and `toSVG()` (no canvas, no browser; vega only imports the optional `canvas`
 * package dynamically, which the Lambda bundle marks external). Without a canvas vega estimates text
 * widths, so the specs leave generous label padding. The PDF draws the SVG with svg-to-pdfkit.
 */
export const CHART_FONT = 'Inter';
export const CHART_COLOR = '#2A7F8F';
export const CHART_WIDTH = 440;

export interface Chart {
  id: 'daily_active_learners' | 'completions_per_course' | 'progress_distribution';
  title: string;
  /** The vector chart, or null when the series has no data (the PDF says so instead of drawing axes). */
  svg: string | null;
  width: number;
  height: number;
}

const config = {
  font: CHART_FONT,
  background: 'white',
  view: { stroke: null },
  axis: { labelFontSize: 9, titleFontSize: 9, titleFontWeight: 'normal', labelColor: '#44505A', titleColor: '#44505A', gridColor: '#E6EAEE', domainColor: '#9AA5AE', tickColor: '#9AA5AE', labelPadding: 4, titlePadding: 8 },
  bar: { color: CHART_COLOR },
} as const;

async function toSvg(spec: TopLevelSpec): Promise<{ svg: string; width: number; height: number }> {
  const view = new View(parse(compile(spec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  const width = Number(/<svg[^>]*\swidth="([\d.]+)"/.exec(svg)?.[1] ?? CHART_WIDTH);
  const height = Number(/<svg[^>]*\sheight="([\d.]+)"/.exec(svg)?.[1] ?? 160);
  view.finalize();
  return { svg, width, height };
}

/** The three charts of every report, from the document's series (the same numbers as the JSON). */
export async function reportCharts(doc: ReportDocument): Promise<Chart[]> {
  const dal = doc.charts.daily_active_learners;
  const cpc = doc.charts.completions_per_course;
  const dist = doc.charts.progress_distribution;
  const labelEvery = Math.max(1, Math.ceil(dal.length / 10));

  const daily: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: 140,
    config,
    data: { values: dal.map((d, i) => ({ ...d, label: i % labelEvery === 0 ? d.date.slice(5) : '' })) },
    mark: { type: 'bar', cornerRadiusTopLeft: 2, cornerRadiusTopRight: 2 },
    encoding: {
      x: { field: 'date', type: 'ordinal', title: 'Learner-local date', axis: { labelExpr: `slice(datum.value, 5)`, labelAngle: -45, values: dal.filter((_, i) => i % labelEvery === 0).map((d) => d.date) } },
      y: { field: 'learners', type: 'quantitative', title: 'Active learners', axis: { tickMinStep: 1, format: 'd' } },
    },
  };
  const completions: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH - 140,
    height: { step: 18 },
    config,
    data: { values: cpc.map((c) => ({ ...c, label: c.title.length > 32 ? `${c.title.slice(0, 31)}…` : c.title })) },
    mark: { type: 'bar', cornerRadiusTopRight: 2, cornerRadiusBottomRight: 2 },
    encoding: {
      y: { field: 'label', type: 'nominal', title: null, sort: { field: 'completions', order: 'descending' }, axis: { labelLimit: 150 } },
      x: { field: 'completions', type: 'quantitative', title: 'Learners who completed the course', axis: { tickMinStep: 1, format: 'd' } },
    },
  };
  const distribution: TopLevelSpec = {
    $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
    width: CHART_WIDTH,
    height: 120,
    config,
    data: { values: dist },
    mark: { type: 'bar', cornerRadiusTopLeft: 2, cornerRadiusTopRight: 2 },
    encoding: {
      x: { field: 'bucket', type: 'ordinal', sort: null, title: 'Course progress (mean over the learner\'s courses)', axis: { labelAngle: 0 } },
      y: { field: 'learners', type: 'quantitative', title: 'Learners', axis: { tickMinStep: 1, format: 'd' } },
    },
  };

  const render = async (id: Chart['id'], title: string, spec: TopLevelSpec, hasData: boolean): Promise<Chart> => {
    if (!hasData) return { id, title, svg: null, width: CHART_WIDTH, height: 0 };
    return { id, title, ...(await toSvg(spec)) };
  };
  return Promise.all([
    render('daily_active_learners', 'Daily active learners', daily, dal.length > 0),
    render('completions_per_course', 'Completions per course', completions, cpc.length > 0),
    render('progress_distribution', 'Progress distribution', distribution, dist.some((b) => b.learners > 0)),
  ]);
}
