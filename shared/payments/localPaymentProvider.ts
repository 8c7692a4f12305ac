import { randomBytes } from 'node:crypto';
import {
  PaymentDeclinedError,
  PaymentProviderUnavailableError,
  type ConfirmIntentInput,
  type CreateIntentInput,
  type PaymentProvider,
  type ProviderPaymentIntent,
  type ProviderRefund,
  type RefundInput,
} from './paymentProvider.js';
import { PaymentRequestRejectedError } from './providerErrors.js';
import { testCardOutcome } from './testPaymentMethods.js';

/**
 * The local test-mode payment provider (`npm start`, the tests). It keeps intents in memory and
 * behaves like Stripe's test mode: the documented test payment methods succeed, decline (generic /
 * insufficient funds) or require authentication; an idempotency key replays the first call's result
 * (or its error) instead of acting again, exactly as Stripe's idempotent requests do; a refund never
 * exceeds what was charged. Tests read its state (charges and refunds per intent) to prove a flow
 * charged exactly once, and inject transient faults to exercise retries.
 */

type Operation = 'createIntent' | 'confirmIntent' | 'retrieveIntent' | 'refund';

interface IntentState {
  intent: ProviderPaymentIntent;
  charges: number;
  refunds: ProviderRefund[];
  createdAt: number;
}

type Outcome = { ok: true; value: unknown } | { ok: false; error: Error };

export class LocalPaymentProvider implements PaymentProvider {
  readonly name = 'local' as const;

  /** The local provider always answers (the integration probe, issue 20). */
  async ping(): Promise<void> {}
  private readonly intents = new Map<string, IntentState>();
  /** `operation:key` → the first call's outcome, replayed for the same key. */
  private readonly idempotent = new Map<string, Outcome>();
  private readonly faults: { operation: Operation; error: Error }[] = [];

  async createIntent(input: CreateIntentInput): Promise<ProviderPaymentIntent> {
    return this.once('createIntent', input.idempotencyKey, () => {
      if (!Number.isSafeInteger(input.amount) || input.amount < 1) {
        throw new PaymentRequestRejectedError('parameter_invalid_integer', 'amount must be a positive integer in minor units');
      }
      const id = `pi_local_${randomBytes(12).toString('hex')}`;
      const intent: ProviderPaymentIntent = {
        id,
        status: 'requires_payment_method',
        amount: input.amount,
        currency: input.currency.toLowerCase(),
        metadata: { ...input.metadata },
        clientSecret: `${id}_secret_${randomBytes(12).toString('hex')}`,
        amountRefunded: 0,
        receiptUrl: null,
        lastError: null,
      };
      this.intents.set(id, { intent, charges: 0, refunds: [], createdAt: Date.now() });
      return copy(intent);
    });
  }

  /**
   * Confirms like Stripe: an intent that already succeeded is returned unchanged (no second charge,
   * whatever the key), a decline leaves it in `requires_payment_method` with `lastError` and throws
   * PaymentDeclinedError, authentication required leaves it in `requires_action` (no charge yet).
   */
  async confirmIntent(input: ConfirmIntentInput): Promise<ProviderPaymentIntent> {
    return this.once('confirmIntent', input.idempotencyKey, () => {
      const state = this.stateOf(input.intentId);
      const intent = state.intent;
      if (intent.status === 'succeeded') return copy(intent);
      if (intent.status === 'canceled') {
        throw new PaymentRequestRejectedError('payment_intent_unexpected_state', 'This PaymentIntent was canceled');
      }
      const outcome = testCardOutcome(input.paymentMethod);
      if (!outcome) throw new PaymentRequestRejectedError('resource_missing', `No such PaymentMethod: '${input.paymentMethod}'`, 404);
      if (outcome.kind === 'declined') {
        intent.status = 'requires_payment_method';
        intent.lastError = { code: 'card_declined', declineCode: outcome.declineCode, message: outcome.message };
        throw new PaymentDeclinedError('card_declined', outcome.declineCode, outcome.message);
      }
      if (outcome.kind === 'requires_action') {
        intent.status = 'requires_action';
        intent.lastError = null;
        return copy(intent);
      }
      intent.status = 'succeeded';
      intent.lastError = null;
      state.charges += 1;
      return copy(intent);
    });
  }

  async retrieveIntent(intentId: string): Promise<ProviderPaymentIntent> {
    this.injectedFault('retrieveIntent');
    return copy(this.stateOf(intentId).intent);
  }

  /** Refunds what is left (or `amount`); only a succeeded intent can be refunded, never beyond its amount. */
  async refund(input: RefundInput): Promise<ProviderRefund> {
    return this.once('refund', input.idempotencyKey, () => {
      const state = this.stateOf(input.intentId);
      const intent = state.intent;
      if (intent.status !== 'succeeded') {
        throw new PaymentRequestRejectedError('charge_not_refundable', `PaymentIntent ${intent.id} has no successful charge to refund`);
      }
      const remaining = intent.amount - intent.amountRefunded;
      const amount = input.amount ?? remaining;
      if (!Number.isSafeInteger(amount) || amount < 1 || amount > remaining) {
        throw new PaymentRequestRejectedError('amount_too_large', `Refund amount must be between 1 and ${remaining}`);
      }
      const refund: ProviderRefund = { id: `re_local_${randomBytes(12).toString('hex')}`, intentId: intent.id, amount, status: 'succeeded' };
      intent.amountRefunded += amount;
      state.refunds.push(refund);
      return { ...refund };
    });
  }

  // ---- test-mode controls and inspection ----

  /**
   * Completes (or fails) the customer's authentication of an intent in `requires_action`, as the
   * 3-D Secure page would: success charges it; failure returns it to `requires_payment_method`.
   */
  completeAuthentication(intentId: string, outcome: 'succeeded' | 'failed'): ProviderPaymentIntent {
    const state = this.stateOf(intentId);
    if (state.intent.status !== 'requires_action') {
      throw new PaymentRequestRejectedError('payment_intent_unexpected_state', `PaymentIntent ${intentId} does not require action`);
    }
    if (outcome === 'succeeded') {
      state.intent.status = 'succeeded';
      state.charges += 1;
    } else {
      state.intent.status = 'requires_payment_method';
      state.intent.lastError = { code: 'payment_intent_authentication_failure', message: 'The provided PaymentMethod has failed authentication.' };
    }
    return copy(state.intent);
  }

  /** Makes the next call of `operation` fail with `error` (default: the provider is unavailable), once. */
  failNext(operation: Operation, error: Error = new PaymentProviderUnavailableError(`Injected ${operation} outage`)): void {
    this.faults.push({ operation, error });
  }

  /** Successful charges of one intent (0 or 1 unless something is badly wrong). */
  chargesOf(intentId: string): number {
    return this.intents.get(intentId)?.charges ?? 0;
  }

  /** Refunds of one intent, oldest first. */
  refundsOf(intentId: string): ProviderRefund[] {
    return (this.intents.get(intentId)?.refunds ?? []).map((refund) => ({ ...refund }));
  }

  /** Every intent, oldest first; `metadata` filters (e.g. `{ tenantId }`) keep tests independent. */
  listIntents(metadata: Record<string, string> = {}): ProviderPaymentIntent[] {
    return [...this.intents.values()]
      .sort((a, b) => a.createdAt - b.createdAt)
      .map((state) => state.intent)
      .filter((intent) => Object.entries(metadata).every(([key, value]) => intent.metadata[key] === value))
      .map(copy);
  }

  /** Total successful charges across intents matching `metadata`. */
  totalCharges(metadata: Record<string, string> = {}): number {
    return this.listIntents(metadata).reduce((sum, intent) => sum + this.chargesOf(intent.id), 0);
  }

  private stateOf(intentId: string): IntentState {
    const state = this.intents.get(intentId);
    if (!state) throw new PaymentRequestRejectedError('resource_missing', `No such payment_intent: '${intentId}'`, 404);
    return state;
  }

  private injectedFault(operation: Operation): void {
    const index = this.faults.findIndex((fault) => fault.operation === operation);
    if (index >= 0) {
      const [fault] = this.faults.splice(index, 1);
      if (fault) throw fault.error;
    }
  }

  /**
   * Runs `action` once per (operation, idempotency key) and replays its outcome, success or
   * permanent error, to every later call with the same key — the property the saga's retries rely
   * on. An injected transient fault happens before the action and is not remembered, as a network
   * failure would not be: the retry with the same key then acts for the first time.
   */
  private async once<T>(operation: Operation, key: string, action: () => T): Promise<T> {
    if (!key) throw new PaymentRequestRejectedError('idempotency_key_missing', 'An idempotency key is required');
    const id = `${operation}:${key}`;
    const previous = this.idempotent.get(id);
    if (previous) {
      if (!previous.ok) throw previous.error;
      return structuredClone(previous.value) as T;
    }
    this.injectedFault(operation);
    try {
      const value = action();
      this.idempotent.set(id, { ok: true, value: structuredClone(value) });
      return value;
    } catch (error) {
      this.idempotent.set(id, { ok: false, error: error as Error });
      throw error;
    }
  }
}

function copy(intent: ProviderPaymentIntent): ProviderPaymentIntent {
  return structuredClone(intent);
}
