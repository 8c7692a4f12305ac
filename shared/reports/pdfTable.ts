/**
 * A two-column list of label / value rows with hairlines between them (receipts, summaries): labels
 * muted on the left third, values on the rest, long values cut with an ellipsis. Returns the y below it.
 */
export function drawLabelledRows(pdf: PDFKit.PDFDocument, left: number, top: number, width: number, rows: readonly (readonly [string, string])[]): number {
  const rowH = 30;
  const labelW = width * 0.32;
  let y = top;
  for (const [label, value] of rows) {
    pdf.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor('#DCE2E7').stroke();
    pdf.font('Inter').fontSize(9.5).fillColor('#5F6B75').text(label, left, y + 10, { width: labelW - 8, lineBreak: false });
    pdf.font('Inter-SemiBold').fontSize(10.5).fillColor('#1D2730').text(value, left + labelW, y + 9, { width: width - labelW, height: 16, ellipsis: true, lineBreak: false });
    y += rowH;
  }
  pdf.moveTo(left, y).lineTo(left + width, y).lineWidth(0.5).strokeColor('#DCE2E7').stroke();
  return y + 8;
}
