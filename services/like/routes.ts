/**
 * Routes of the Like service: the health message on `/` (the ALB health check) and
 * `POST /mysfits/{id}/like`. Every JSON answer carries `region`; a counted like answers the
 * workshop's `{"Update":"Success"}` plus `likes` (a string, as the workshop's listing gives it)
 * and `regionLikes`, its sequence number in (mysfit, region). The request body is ignored
 * (ApacheBench posts an empty one).
 */
import { healthStatus } from '../shared/health.js';
import { HttpError, jsonResponse, type HttpRequest, type Route } from '../shared/http-router.js';
import type { ServiceContext } from '../shared/service-main.js';
import { createChaos, loadChaosConfig, type ChaosOutcome } from './chaos.js';
import { createLikeStore, type LikeStore } from './like-store.js';

/** Longest id accepted (real ids are 36-character UUIDs). */
export const MAX_ID_LENGTH = 1024;

/** Builds the Like service's routes; reads CHAOSMODE/CHAOS_SEED from `ctx.env`. */
export function likeRoutes(ctx: ServiceContext, store?: LikeStore): Route[] {
  const { region, tableName, likesTableName, regions } = ctx.config;
  const chaosConfig = loadChaosConfig(ctx.env);
  const chaos: () => ChaosOutcome = createChaos(chaosConfig);
  const likes =
    store ?? createLikeStore(ctx.dynamodb, { tableName, likesTableName }, region, regions);
  if (chaosConfig.enabled) {
    ctx.logger.warn('chaos mode on', { seed: chaosConfig.seed ?? null });
  }
  return [
    {
      method: 'GET',
      path: '/',
      handler: async () => {
        const health = await healthStatus();
        const message = health.healthy ? 'Like service is healthy' : 'Like service is unhealthy';
        return jsonResponse(health.healthy ? 200 : 503, {
          message,
          ...health,
          service: 'like',
          chaosMode: chaosConfig.enabled,
          region,
        });
      },
    },
    {
      method: 'POST',
      path: '/mysfits/:id/like',
      handler: async (req: HttpRequest) => {
        const id = req.params.id ?? '';
        const outcome = chaos();
        if (outcome === 'fault') {
          throw new HttpError(500, 'chaos mode: injected fault', { chaos: true });
        }
        if (outcome === 'not-found') {
          throw new HttpError(404, 'chaos mode: injected not found', { chaos: true });
        }
        if (id.length > MAX_ID_LENGTH) throw new HttpError(400, 'mysfit id too long');
        const counted = await likes.addLikes(id, 1);
        if (counted === undefined) throw new HttpError(404, 'mysfit not found', { mysfitId: id });
        const { likes: total, regionLikes } = counted;
        return jsonResponse(200, {
          Update: 'Success',
          mysfitId: id,
          likes: String(total), // a string, as the workshop's `likes` (DynamoDB's N)
          region,
          regionLikes,
        });
      },
    },
  ];
}
