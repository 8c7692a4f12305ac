import { createHash } from 'node:crypto';
import type { EmbeddingPort, EmbeddingResult } from './modelPort.js';
import { tokenize } from './textTokens.js';

/**
 * The local embedding (no model): a deterministic *feature-hashing* bag of words. Each token (see
 * textTokens.ts) and each pair of adjacent tokens is hashed (SHA-256, first 4 bytes) to one of
 * `dimensions` buckets with a sign from a fifth byte; a bucket's value is the sum of signed
 * sub-linear term weights (1 + ln count; pairs weigh 0.5); the vector is L2-normalised. Cosine
 * similarity then measures shared vocabulary — lexical, not semantic: "back pain" and "lumbar ache"
 * score 0. Good enough to rank a user's memories by overlap with a query in `npm start` and the tests;
 * in AWS the Bedrock adapter uses Titan Text Embeddings V2 instead. Vectors of the two are never
 * compared (each memory records its embedding model id).
 */
export const LOCAL_EMBEDDING_MODEL_ID = 'local-hashing-v1';

export function hashingEmbedding(text: string, dimensions: number): Float32Array {
  const vector = new Float32Array(dimensions);
  const tokens = tokenize(text);
  const counts = new Map<string, number>();
  for (const token of tokens) counts.set(token, (counts.get(token) ?? 0) + 1);
  for (let i = 0; i + 1 < tokens.length; i++) {
    const pair = `${tokens[i]} ${tokens[i + 1]}`;
    counts.set(pair, (counts.get(pair) ?? 0) + 1);
  }
  for (const [feature, count] of counts) {
    const digest = createHash('sha256').update(feature).digest();
    const bucket = digest.readUInt32BE(0) % dimensions;
    const sign = (digest[4] as number) & 1 ? -1 : 1;
    const weight = (1 + Math.log(count)) * (feature.includes(' ') ? 0.5 : 1);
    vector[bucket] = (vector[bucket] as number) + sign * weight;
  }
  let norm = 0;
  for (const value of vector) norm += value * value;
  norm = Math.sqrt(norm);
  if (norm > 0) for (let i = 0; i < dimensions; i++) vector[i] = (vector[i] as number) / norm;
  return vector;
}

/** The local embedding as an EmbeddingPort (token count = word tokens, cost 0). */
export function localEmbeddingPort(dimensions = 256): EmbeddingPort {
  return {
    modelId: LOCAL_EMBEDDING_MODEL_ID,
    dimensions,
    embed: async (text: string): Promise<EmbeddingResult> => ({ vector: hashingEmbedding(text, dimensions), modelId: LOCAL_EMBEDDING_MODEL_ID, inputTokens: tokenize(text).length }),
  };
}
