/**
 * Routes an AWS API request to the service that answers it. Order of checks, each with
 * the error a client gets:
 *  1. no signature → MissingAuthenticationTokenException (400), in the protocol of the
 *     service named by X-Amz-Target when there is one;
 *  2. unreadable signature → IncompleteSignatureException (400);
 *  3. a real-looking access key (AKIA…/ASIA…) → UnrecognizedClientException (403) that
 *     says how to use the lab's dummy credentials; checked before anything else so real
 *     keys are refused whatever they were sent for;
 *  4. a signing name no service registered → UnsupportedServiceException (400);
 *  5. a region the lab does not serve → InvalidSignatureException (400), as AWS answers a
 *     credential scoped to another region than the endpoint's;
 *  6. the lab's faults for that region (outage → reset or hang, throttling, latency);
 *  7. the service's handler (which answers unknown operations itself).
 */
import { looksLikeRealAccessKey } from '../credentials.js';
import {
  AwsError,
  incompleteSignature,
  internalError,
  missingAuthenticationToken,
  realCredentialsRefused,
  regionNotServed,
  unsupportedService,
} from './aws-error.js';
import { readJsonTarget } from './aws-json.js';
import { apiFaultEffect, type ApiFaults } from './api-faults.js';
import { genericErrorResponse } from './generic-error.js';
import { abortResponse, type LabRequest, type LabResponse } from './lab-request.js';
import type { ServiceHandler, ServiceRegistry } from './registry.js';
import { readCredentialScope } from './sigv4-scope.js';

/** What the router needs to know. */
export interface RouterOptions {
  registry: ServiceRegistry;
  regions: readonly string[];
  /** Called with unexpected handler failures (they become InternalServerError). */
  onInternalError?: (error: unknown) => void;
  /** The active faults; none apply when absent. */
  faults?: ApiFaults;
}

function respond(error: AwsError, request: LabRequest, handler?: ServiceHandler): LabResponse {
  return handler ? handler.errorResponse(error, request) : genericErrorResponse(error, request);
}

/** Answers one AWS API request (anything that is not under `/_lab/`). */
export async function routeAwsRequest(
  request: LabRequest,
  options: RouterOptions,
): Promise<LabResponse> {
  const { registry } = options;
  const scopeResult = readCredentialScope(request.headers, request.url);
  const target = readJsonTarget(request.headers);
  const byTarget = target ? registry.findByTargetPrefix(target.prefix) : undefined;
  if (scopeResult.kind === 'missing') {
    return respond(missingAuthenticationToken(), request, byTarget);
  }
  if (scopeResult.kind === 'malformed') {
    return respond(incompleteSignature(scopeResult.message), request, byTarget);
  }
  const { scope } = scopeResult;
  const handler = registry.find(scope.service);
  if (looksLikeRealAccessKey(scope.accessKeyId)) {
    return respond(realCredentialsRefused(scope.accessKeyId), request, handler ?? byTarget);
  }
  if (!handler) {
    return respond(unsupportedService(scope.service, registry.signingNames()), request, byTarget);
  }
  if (!options.regions.includes(scope.region)) {
    return respond(regionNotServed(scope.region, options.regions), request, handler);
  }
  if (options.faults) {
    const effect = apiFaultEffect(options.faults, scope.region, scope.service, request);
    if (effect.delayMs > 0) await new Promise((r) => setTimeout(r, effect.delayMs));
    if (effect.abort) return abortResponse(effect.abort);
    if (effect.error) return handler.errorResponse(effect.error, request);
  }
  try {
    return await handler.handle({ request, scope, region: scope.region });
  } catch (error) {
    if (error instanceof AwsError) return handler.errorResponse(error, request);
    options.onInternalError?.(error);
    return handler.errorResponse(
      internalError(`The lab failed to handle the request: ${(error as Error).message}`),
      request,
    );
  }
}
