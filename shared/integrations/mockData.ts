import type { Dependency } from './dependencies.js';

/**
 * Sample payloads for front-end work (seed 003 §8 `mock-data`), per dependency, in the shapes Cairn's
 * own routes answer with when that dependency is involved. Static and fictitious (example.com, test
 * ids): served only outside prod (the route answers 404 there), never used as a fallback answer.
 */
export const MOCK_DATA_UPDATED = '2026-12-03T00:00:00.000Z';

export const MOCK_DATA: Record<Dependency, Record<string, unknown>> = {
  dynamodb: {
    tutorialProgress: { tutorialId: 'tut_123', completedChapters: ['ch_1', 'ch_2'], totalChapters: 4, progressPercentage: 50, totalWatchTime: 1260, certificateEligible: false },
  },
  cognito: {
    user: { id: 'user_123', email: 'john.doe@example.com', firstName: 'John', lastName: 'Doe', role: 'learner', organizationId: 'org_456' },
    tokenClaims: { sub: 'user_123', 'cairn:tenant': 'org_456', 'cairn:roles': 'learner', zoneinfo: 'Europe/Berlin' },
  },
  stripe: {
    paymentIntent: { id: 'pi_test_123', status: 'requires_payment_method', amount: 4900, currency: 'usd', client_secret: 'pi_test_123_secret_example' },
    refund: { id: 're_test_123', amount: 4900, status: 'succeeded' },
  },
  bedrock: {
    chatReply: { response: 'Keep your back straight and your knees over your toes.', model: 'amazon.nova-lite-v1:0', usage: { prompt_tokens: 812, completion_tokens: 64, total_tokens: 876 } },
  },
  s3: {
    upload: { upload_url: 'https://example-bucket.s3.amazonaws.com/org_456/media/med_123/source.mp4?X-Amz-Signature=example', expires_in: 900 },
  },
  'step-functions': {
    enrollmentRequest: { request_id: 'req_123', status: 'processing', steps: ['reserve', 'charge', 'enroll'] },
  },
};
