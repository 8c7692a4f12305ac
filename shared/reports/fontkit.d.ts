// fontkit (pdfkit's font parser) ships no types: the one function Cairn calls.
declare module 'fontkit' {
  export function create(buffer: Uint8Array, postscriptName?: string): { layout(text: string): unknown };
}
