import { authWebhookHeader, parseSignatureHeader, signAuthWebhook, verifyAuthWebhook } from '../../shared/authWebhooks/authWebhookSignature.js';

describe('account webhook signatures', () => {
  const body = '{"id":"evt_1"}';
  // openssl: printf '1700000000.{"id":"evt_1"}' | openssl dgst -sha256 -hmac whsec_test
  const expected = 'c89214b5b5da833daed6f0b8c5bb6bd58cea9022bd80ccc78230f3942d632925';
  const at = (seconds: number) => new Date(seconds * 1000);

  it('is HMAC-SHA256 over "<timestamp>.<raw body>" with the secret', () => {
    expect(signAuthWebhook('whsec_test', 1_700_000_000, body)).toBe(expected);
    expect(authWebhookHeader('whsec_test', 1_700_000_000, body)).toBe(`t=1700000000,v1=${expected}`);
  });

  it('accepts a matching signature within 300 s either way, with any valid secret', () => {
    const header = `t=1700000000,v1=${expected}`;
    expect(verifyAuthWebhook(header, body, ['whsec_test'], at(1_700_000_300))).toBeUndefined();
    expect(verifyAuthWebhook(header, body, ['whsec_test'], at(1_699_999_700))).toBeUndefined();
    expect(verifyAuthWebhook(header, body, ['whsec_new', 'whsec_test'], at(1_700_000_000))).toBeUndefined();
    expect(verifyAuthWebhook(`t=1700000000,v1=${'0'.repeat(64)},v1=${expected}`, body, ['whsec_test'], at(1_700_000_000))).toBeUndefined();
  });

  it('names why a delivery is refused', () => {
    const header = `t=1700000000,v1=${expected}`;
    expect(verifyAuthWebhook(undefined, body, ['whsec_test'], at(1_700_000_000))).toBe('signature_missing');
    expect(verifyAuthWebhook('v1=abc', body, ['whsec_test'], at(1_700_000_000))).toBe('signature_malformed');
    expect(verifyAuthWebhook(header, body, ['whsec_test'], at(1_700_000_301))).toBe('timestamp_outside_tolerance');
    expect(verifyAuthWebhook(header, body, ['whsec_test'], at(1_699_999_699))).toBe('timestamp_outside_tolerance');
    expect(verifyAuthWebhook(header, `${body} `, ['whsec_test'], at(1_700_000_000))).toBe('signature_invalid');
    expect(verifyAuthWebhook(header, body, ['whsec_other'], at(1_700_000_000))).toBe('signature_invalid');
    expect(verifyAuthWebhook(header, body, [], at(1_700_000_000))).toBe('signature_invalid');
  });

  it('parses only the documented header shape', () => {
    expect(parseSignatureHeader(`t=1, v1=${expected}`)).toEqual({ timestamp: 1, signatures: [expected] });
    expect(parseSignatureHeader(`t=x,v1=${expected}`)).toBeUndefined();
    expect(parseSignatureHeader(`t=1,v1=${expected.toUpperCase()}`)).toBeUndefined();
    expect(parseSignatureHeader(`t=1,v1=${expected}=`)).toBeUndefined();
  });
});
