/**
 * Compact storage of embeddings in DynamoDB: each vector is quantised to int8 with one float scale
 * (value ≈ int8 × scale, scale = max |value| / 127) and stored as base64: 256 dimensions take 344
 * characters instead of ~5 KB of JSON numbers. Cosine similarity is scale-invariant, so it is computed
 * on the int8 values directly; the rounding error (≤ scale / 2 per component) moves a cosine by well
 * under 0.01 for 256-dimension unit vectors (tested in vectorCodec.test.ts).
 */
export interface PackedVector {
  /** base64 of the int8 components. */
  q: string;
  scale: number;
  dims: number;
}

export function packVector(vector: Float32Array | readonly number[]): PackedVector {
  let max = 0;
  for (const value of vector) max = Math.max(max, Math.abs(value));
  const scale = max > 0 ? max / 127 : 1;
  const bytes = new Int8Array(vector.length);
  for (let i = 0; i < vector.length; i++) bytes[i] = Math.round((vector[i] as number) / scale);
  return { q: Buffer.from(bytes.buffer).toString('base64'), scale, dims: vector.length };
}

export function unpackInt8(packed: PackedVector): Int8Array {
  const buffer = Buffer.from(packed.q, 'base64');
  return new Int8Array(buffer.buffer, buffer.byteOffset, buffer.length);
}

/** Dequantised values (for tests and re-export). */
export function unpackVector(packed: PackedVector): Float32Array {
  const ints = unpackInt8(packed);
  return Float32Array.from(ints, (v) => v * packed.scale);
}

/** Cosine similarity of two vectors of equal length; 0 when either is all zeros. */
export function cosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`cosine of vectors of different lengths (${a.length}, ${b.length})`);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    const y = b[i] as number;
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
