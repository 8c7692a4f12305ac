/**
 * Stripe's documented test payment methods (https://docs.stripe.com/testing) and what confirming
 * with each does. The local provider behaves exactly like this, so a flow that passes locally takes
 * the same branch against Stripe's test mode. Both the `pm_card_…` ids and the raw card numbers are
 * accepted, because the seed's clients send either.
 */
export type TestCardOutcome =
  | { kind: 'succeeds' }
  | { kind: 'declined'; declineCode: 'generic_decline' | 'insufficient_funds'; message: string }
  | { kind: 'requires_action' };

const SUCCEEDS: TestCardOutcome = { kind: 'succeeds' };
const GENERIC_DECLINE: TestCardOutcome = { kind: 'declined', declineCode: 'generic_decline', message: 'Your card was declined.' };
const INSUFFICIENT_FUNDS: TestCardOutcome = { kind: 'declined', declineCode: 'insufficient_funds', message: 'Your card has insufficient funds.' };
const AUTHENTICATION: TestCardOutcome = { kind: 'requires_action' };

const TEST_METHODS: Record<string, TestCardOutcome> = {
  pm_card_visa: SUCCEEDS,
  pm_card_mastercard: SUCCEEDS,
  pm_card_amex: SUCCEEDS,
  '4242424242424242': SUCCEEDS,
  '5555555555554444': SUCCEEDS,
  pm_card_chargeDeclined: GENERIC_DECLINE,
  '4000000000000002': GENERIC_DECLINE,
  pm_card_chargeDeclinedInsufficientFunds: INSUFFICIENT_FUNDS,
  '4000000000009995': INSUFFICIENT_FUNDS,
  pm_card_authenticationRequired: AUTHENTICATION,
  '4000002760003184': AUTHENTICATION,
};

/**
 * What confirming with `paymentMethod` does in test mode; undefined for a method Stripe would not
 * know (the provider answers "No such PaymentMethod", a permanent request error).
 */
export function testCardOutcome(paymentMethod: string): TestCardOutcome | undefined {
  return TEST_METHODS[paymentMethod.replace(/[\s-]/g, '')];
}

/** The test payment method ids the local provider knows (documentation and tests). */
export const TEST_PAYMENT_METHODS = Object.keys(TEST_METHODS);
