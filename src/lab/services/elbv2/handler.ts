/**
 * The lab's ELBv2 API (signing name `elasticloadbalancing`, Query protocol, version
 * 2015-12-01): reads the Action, runs it against the region's state and answers in XML with
 * the service's namespace. Behaviour: SPEC.md.
 */
import { AwsError } from '../../protocol/aws-error.js';
import type { LabRequest, LabResponse } from '../../protocol/lab-request.js';
import {
  invalidAction,
  parseQueryRequest,
  queryXmlError,
  queryXmlResult,
  type XmlValue,
} from '../../protocol/query-xml.js';
import type { AwsRequestContext, ServiceHandler } from '../../protocol/registry.js';
import {
  describeListeners,
  describeLoadBalancerAttributes,
  describeLoadBalancers,
  describeRules,
  describeTargetGroupAttributes,
  describeTargetGroups,
} from './describe.js';
import { decodeElbInput, type ElbInput, type ElbOperation } from './input.js';
import type { ElbRegion } from './model.js';
import { modifyTargetGroup } from './modify.js';
import { deregisterTargets, describeTargetHealth, registerTargets } from './targets.js';

/** ELBv2's XML namespace (service model `xmlNamespace`). */
export const ELBV2_NAMESPACE = 'http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/';

/** The actions the lab answers, each given its input decoded from the Query parameters. */
export const ELBV2_OPERATIONS: {
  [O in ElbOperation]: (state: ElbRegion, input: ElbInput<O>) => { [key: string]: XmlValue };
} = {
  DescribeLoadBalancers: describeLoadBalancers,
  DescribeTargetGroups: describeTargetGroups,
  DescribeTargetHealth: describeTargetHealth,
  DescribeListeners: describeListeners,
  DescribeRules: describeRules,
  DescribeLoadBalancerAttributes: describeLoadBalancerAttributes,
  DescribeTargetGroupAttributes: describeTargetGroupAttributes,
  ModifyTargetGroup: modifyTargetGroup,
  RegisterTargets: registerTargets,
  DeregisterTargets: deregisterTargets,
};

/** ELBv2 actions of the AWS API that the lab does not implement (named in its error). */
const NOT_IMPLEMENTED = new Set(
  (
    'AddListenerCertificates AddTags AddTrustStoreRevocations CreateListener CreateLoadBalancer ' +
    'CreateRule CreateTargetGroup CreateTrustStore DeleteListener DeleteLoadBalancer DeleteRule ' +
    'DeleteSharedTrustStoreAssociation DeleteTargetGroup DeleteTrustStore DescribeAccountLimits ' +
    'DescribeCapacityReservation DescribeListenerAttributes DescribeListenerCertificates ' +
    'DescribeSSLPolicies DescribeTags DescribeTrustStoreAssociations DescribeTrustStoreRevocations ' +
    'DescribeTrustStores GetResourcePolicy GetTrustStoreCaCertificatesBundle ' +
    'GetTrustStoreRevocationContent ModifyCapacityReservation ModifyIpPools ' +
    'ModifyListenerAttributes ModifyListener ModifyLoadBalancerAttributes ModifyRule ' +
    'ModifyTargetGroupAttributes ModifyTrustStore RemoveListenerCertificates RemoveTags ' +
    'RemoveTrustStoreRevocations SetIpAddressType SetRulePriorities SetSecurityGroups SetSubnets'
  ).split(' '),
);

/** What the handler needs from the service. */
export interface ElbHandlerOptions {
  /** The ELBv2 state of a lab region. */
  region(name: string): ElbRegion;
  /** Components for `GET /_lab/health`. */
  health(): ReturnType<NonNullable<ServiceHandler['health']>>;
  close(): Promise<void>;
}

/** Creates the ELBv2 service handler (register it as `elasticloadbalancing`). */
export function createElbHandler(options: ElbHandlerOptions): ServiceHandler {
  return {
    displayName: 'Elastic Load Balancing v2',
    async handle({ request, region }: AwsRequestContext): Promise<LabResponse> {
      const { action, params } = parseQueryRequest(request);
      if (!Object.hasOwn(ELBV2_OPERATIONS, action)) {
        if (NOT_IMPLEMENTED.has(action)) {
          throw new AwsError(
            'InvalidAction',
            `The mysfits-dr lab does not implement the ELBv2 action ${action}; it serves ${Object.keys(ELBV2_OPERATIONS).join(', ')}.`,
          );
        }
        throw invalidAction(action, 'Elastic Load Balancing');
      }
      const name = action as ElbOperation;
      const operation = ELBV2_OPERATIONS[name] as (
        state: ElbRegion,
        input: ElbInput<ElbOperation>,
      ) => { [key: string]: XmlValue };
      const result = operation(options.region(region), decodeElbInput(name, params));
      return queryXmlResult(action, result, request.requestId, ELBV2_NAMESPACE);
    },
    errorResponse(error: AwsError, request: LabRequest): LabResponse {
      return queryXmlError(error, request.requestId, ELBV2_NAMESPACE);
    },
    health: () => options.health(),
    close: () => options.close(),
  };
}
