import { z } from 'zod';

/** Schemas reused across contracts. */

/** Any error body; each contract style's exact shape is documented in docs/api.md. */
export const errorBodySchema = z.object({}).passthrough().meta({ id: 'ErrorBody', description: 'Error in the route\'s contract style' });

/** A route that takes no query parameters or path parameters still rejects unknown ones. */
export const noParams = z.object({}).strict();
