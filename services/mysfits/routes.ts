/**
 * Routes of the Mysfits ("core") service: the region page on `/` (also the ALB health
 * check), the list with optional GSI filter, and one mysfit by id.
 */
import type { ServiceContext } from '../shared/service-main.js';
import { healthStatus } from '../shared/health.js';
import {
  escapeHtml,
  htmlResponse,
  HttpError,
  jsonResponse,
  type HttpRequest,
  type Route,
} from '../shared/http-router.js';
import {
  createMysfitsStore,
  isMysfitFilter,
  MYSFIT_FILTERS,
  type MysfitFilter,
  type MysfitsStore,
} from './mysfits-store.js';

/** Longest id or filter value accepted; DynamoDB keys allow more, real ids are 36 chars. */
export const MAX_KEY_LENGTH = 1024;

/** The page on `GET /`; contains the literal text `Current region: <region>`. */
export function homePage(region: string): string {
  const r = escapeHtml(region);
  return [
    '<!doctype html>',
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>Mythical Mysfits (${r})</title></head>`,
    '<body>',
    '<h1>Mythical Mysfits</h1>',
    `<p id="region">Current region: ${r}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Validates `?filter=&value=`; undefined when neither is given. Throws HttpError 400. */
export function parseFilter(
  query: URLSearchParams,
): { filter: MysfitFilter; value: string } | undefined {
  const filter = query.get('filter');
  const value = query.get('value');
  if (filter === null && value === null) return undefined;
  const expected = MYSFIT_FILTERS.join(' or ');
  if (filter === null || filter === '') {
    throw new HttpError(400, `value given without filter; expected filter=${expected}`);
  }
  if (!isMysfitFilter(filter)) {
    throw new HttpError(400, `unknown filter "${filter}"; expected ${expected}`, { filter });
  }
  if (value === null || value === '') {
    throw new HttpError(400, `filter ${filter} needs a non-empty value`, { filter });
  }
  if (value.length > MAX_KEY_LENGTH) {
    throw new HttpError(400, `filter value longer than ${MAX_KEY_LENGTH} characters`, { filter });
  }
  return { filter, value };
}

/** The Mysfits service's routes over `store` (default: the configured table). */
export function mysfitsRoutes(ctx: ServiceContext, store?: MysfitsStore): Route[] {
  const { region, tableName, likesTableName, regions } = ctx.config;
  const mysfits = store ?? createMysfitsStore(ctx.dynamodb, { tableName, likesTableName }, regions);
  return [
    {
      method: 'GET',
      path: '/',
      handler: async () => {
        const health = await healthStatus();
        return health.healthy
          ? htmlResponse(200, homePage(region))
          : htmlResponse(503, `Unhealthy: ${escapeHtml(health.reason ?? 'unknown')}\n`);
      },
    },
    {
      method: 'GET',
      path: '/mysfits',
      handler: async (req: HttpRequest) => {
        const filter = parseFilter(req.query);
        const list = filter
          ? await mysfits.query(filter.filter, filter.value)
          : await mysfits.list();
        return jsonResponse(200, { mysfits: list });
      },
    },
    {
      method: 'GET',
      path: '/mysfits/:id',
      handler: async (req: HttpRequest) => {
        const id = req.params.id ?? '';
        if (id.length > MAX_KEY_LENGTH) throw new HttpError(400, 'mysfit id too long');
        const mysfit = await mysfits.get(id);
        if (mysfit === undefined) throw new HttpError(404, 'mysfit not found', { mysfitId: id });
        return jsonResponse(200, mysfit);
      },
    },
  ];
}
