/**
 * Provider failures beside the port's two (PaymentDeclinedError, PaymentProviderUnavailableError):
 * a request the provider refuses for a reason other than the card (unknown intent, refund of an
 * uncaptured payment, an amount above what is left). Permanent: retrying the same request cannot
 * succeed, so the saga never retries it and the routes answer 4xx.
 */
export class PaymentRequestRejectedError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The provider's HTTP status (404 for an unknown object, 400 otherwise). */
    readonly status: number = 400,
  ) {
    super(message);
    this.name = 'PaymentRequestRejectedError';
  }
}
