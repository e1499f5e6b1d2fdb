/**
 * Start-up and shutdown shared by both services: validate the environment (exit 2 with a
 * clear message when it is wrong), build the logger, DynamoDB client and routes, listen,
 * map errors to JSON answers, and drain on SIGTERM/SIGINT (exit 0 when every in-flight
 * request finished within the grace period, 1 when some had to be cut).
 */
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { ConfigError, loadServiceConfig, type ServiceConfig, type ServiceKind } from './config.js';
import { createDynamoDbClient, DynamoDbError } from './dynamodb-client.js';
import { HttpError, jsonResponse, type HttpResponse, type Route } from './http-router.js';
import { startHttpServer, type RunningServer } from './http-server.js';
import { createLogger, errorFields, formatLogLine, type Logger } from './logger.js';
import { createXRayRecorder, type XRayRecorder } from './xray.js';

/** What a service's route factory is given. */
export interface ServiceContext {
  config: ServiceConfig;
  logger: Logger;
  dynamodb: DynamoDBClient;
  env: NodeJS.ProcessEnv;
}

/** Builds a service's routes; may throw ConfigError for service-specific settings. */
export type RoutesFactory = (ctx: ServiceContext) => Route[];

/** Exit code for an invalid environment (as the CLI's `usage` code). */
export const EXIT_CONFIG = 2;

/** Common headers of every response of a service. */
export function serviceHeaders(config: ServiceConfig): Record<string, string> {
  return { 'X-Mysfits-Region': config.region, 'X-Mysfits-Service': config.kind };
}

/**
 * Maps an error to the JSON answer: HttpError → its status; DynamoDbError → 503; anything
 * else → 500. Every error body carries `error` and `region`. Server-side errors are logged.
 */
export function errorToResponse(
  err: unknown,
  config: ServiceConfig,
  logger: Logger,
  traceId: string | undefined,
): HttpResponse {
  const region = config.region;
  if (err instanceof HttpError) {
    const response = jsonResponse(err.status, { error: err.message, ...err.details, region });
    return { ...response, headers: err.headers };
  }
  if (err instanceof DynamoDbError) {
    logger.error('dynamodb failure', { operation: err.operation, traceId, ...errorFields(err) });
    const body = { error: 'DynamoDB is unavailable', operation: err.operation, reason: err.reason };
    return jsonResponse(503, { ...body, region });
  }
  logger.error('unexpected error', { traceId, ...errorFields(err) });
  return jsonResponse(500, { error: 'internal error', region });
}

function failConfig(kind: ServiceKind, env: NodeJS.ProcessEnv, err: ConfigError): never {
  const base = { service: env.SERVICE_NAME?.trim() || kind, region: env.AWS_REGION ?? '' };
  const line = formatLogLine('error', 'invalid configuration', base, { problems: err.problems });
  process.stdout.write(line + '\n');
  process.stderr.write(`${kind} service: ${err.message}\n`);
  process.exit(EXIT_CONFIG);
}

/** Runs a service process until SIGTERM/SIGINT. Never returns normally; exits the process. */
export async function runService(
  kind: ServiceKind,
  buildRoutes: RoutesFactory,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  let config: ServiceConfig;
  let ctx: ServiceContext;
  let routes: Route[];
  let xray: XRayRecorder | undefined;
  try {
    config = loadServiceConfig(kind, env);
    const logger = createLogger({ service: config.serviceName, region: config.region });
    ctx = { config, logger, dynamodb: createDynamoDbClient(config.region), env };
    // X-Ray: segments to AWS_XRAY_DAEMON_ADDRESS when set (services/shared/xray.ts).
    xray = createXRayRecorder({ kind, region: config.region, env });
    xray?.instrumentDynamoDb(ctx.dynamodb);
    routes = buildRoutes(ctx);
  } catch (err) {
    if (err instanceof ConfigError) failConfig(kind, env, err);
    throw err;
  }
  const { logger, dynamodb } = ctx;
  process.on('unhandledRejection', (reason) => logger.error('unhandled rejection', { reason }));
  process.on('uncaughtException', (err) => {
    logger.error('uncaught exception; exiting', errorFields(err));
    process.exit(1);
  });

  let server: RunningServer;
  try {
    server = await startHttpServer({
      host: config.host,
      port: config.port,
      routes,
      logger,
      headers: serviceHeaders(config),
      errorResponse: (err, traceId) => errorToResponse(err, config, logger, traceId),
      wrapListener: xray?.traceRequests, // X-Ray
    });
  } catch (err) {
    logger.error('cannot listen', { host: config.host, port: config.port, ...errorFields(err) });
    process.exit(1);
  }
  const endpoint = env.AWS_ENDPOINT_URL_DYNAMODB ?? env.AWS_ENDPOINT_URL ?? 'default';
  logger.info('listening', {
    host: config.host,
    port: server.port,
    tableName: config.tableName,
    dynamodbEndpoint: endpoint,
    xrayDaemon: xray ? env.AWS_XRAY_DAEMON_ADDRESS : undefined, // X-Ray
  });

  let stopping = false;
  const stop = async (signal: NodeJS.Signals): Promise<void> => {
    if (stopping) {
      logger.warn('second signal; exiting now', { signal, inFlight: server.inFlight() });
      process.exit(1);
    }
    stopping = true;
    const graceMs = config.shutdownGraceMs;
    logger.info('shutting down', { signal, graceMs, inFlight: server.inFlight() });
    const result = await server.shutdown(graceMs);
    dynamodb.destroy();
    logger.info('stopped', { forced: result.forced, cut: result.cut });
    process.exit(result.forced ? 1 : 0);
  };
  process.on('SIGTERM', (signal) => void stop(signal));
  process.on('SIGINT', (signal) => void stop(signal));
}
