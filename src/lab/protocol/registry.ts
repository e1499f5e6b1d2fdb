/**
 * The registry of emulated services, keyed by SigV4 signing name. Each later issue plugs
 * its service in with `registerService('ecs', handler)`; the router needs nothing else.
 */
import type { AwsError } from './aws-error.js';
import type { CredentialScope } from './sigv4-scope.js';
import type { ComponentHealth, LabRequest, LabResponse } from './lab-request.js';

/** A routed AWS request: the raw request plus its credential scope. */
export interface AwsRequestContext {
  request: LabRequest;
  scope: CredentialScope;
  /** The region the request is for (one the lab serves). */
  region: string;
}

/** One emulated AWS service. */
export interface ServiceHandler {
  /** Human name for messages and health, e.g. `DynamoDB`. */
  readonly displayName: string;
  /** JSON target prefixes it answers (`DynamoDB_20120810`), to shape errors of unsigned requests. */
  readonly targetPrefixes?: readonly string[];
  /** Answers a request already routed to this service and region. */
  handle(context: AwsRequestContext): Promise<LabResponse>;
  /** Serialises an error in this service's protocol (used by the router too). */
  errorResponse(error: AwsError, request: LabRequest): LabResponse;
  /** Components this service adds to `GET /_lab/health`. */
  health?(): Promise<Record<string, ComponentHealth>>;
  /** Releases timers and connections. */
  close?(): Promise<void>;
}

/** Services by signing name. */
export class ServiceRegistry {
  readonly #handlers = new Map<string, ServiceHandler>();

  /** Registers the handler for a signing name; throws if one is already registered. */
  registerService(signingName: string, handler: ServiceHandler): void {
    if (this.#handlers.has(signingName)) {
      throw new Error(`A lab service is already registered for signing name '${signingName}'.`);
    }
    this.#handlers.set(signingName, handler);
  }

  /** The handler for a signing name, if any. */
  find(signingName: string): ServiceHandler | undefined {
    return this.#handlers.get(signingName);
  }

  /** The handler that owns a JSON target prefix, if any. */
  findByTargetPrefix(prefix: string): ServiceHandler | undefined {
    for (const handler of this.#handlers.values()) {
      if (handler.targetPrefixes?.includes(prefix)) return handler;
    }
    return undefined;
  }

  /** Registered signing names, in registration order. */
  signingNames(): string[] {
    return [...this.#handlers.keys()];
  }

  /** Registered handlers by signing name. */
  entries(): [string, ServiceHandler][] {
    return [...this.#handlers.entries()];
  }
}
