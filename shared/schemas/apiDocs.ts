import * as z from 'zod';
import { DOCS_ASSETS, type DocsAsset } from '../docs/referencePage.js';
import { lazySchema } from './lazySchema.js';

/** `/docs/{asset}`: only the page's own files, so no path can reach anything else. */
export const docsAssetParams = lazySchema(() => z.strictObject({ asset: z.enum(Object.keys(DOCS_ASSETS) as [DocsAsset, ...DocsAsset[]]) }));

/** The reference page and its files are not JSON; documented as strings. */
export const docsPageResponse = lazySchema(() => z.string().meta({ description: 'HTML, JavaScript, CSS or PNG' }));

/** The OpenAPI 3.1 document itself. */
export const openApiResponse = lazySchema(() => z.record(z.string(), z.unknown()).meta({ description: 'OpenAPI 3.1 document' }));
