import { Tags, type App } from 'aws-cdk-lib';
import { GlobalStack } from './global-stack.js';
import { loadOperatorPermissions, type PermissionStatement } from './operator-permissions.js';
import { RegionalStack } from './regional-stack.js';
import { REPO_ROOT } from './service-images.js';
import { regionalStackName, globalStackName, type AppSettings } from './settings.js';
import { APPLICATION_NAME } from './names.js';

/** Tags on every taggable resource (cost allocation, ownership). */
export const APP_TAGS = { application: APPLICATION_NAME, 'managed-by': 'mysfits-dr-infra' };

/**
 * Types whose `Tags` property this aws-cdk-lib knows but the CloudFormation schema shipped
 * with cfn-lint 1.51 (and the older spec of some partitions) rejects: left untagged.
 */
const UNTAGGED_TYPES = [
  'AWS::CloudWatch::Dashboard',
  'AWS::ElasticLoadBalancingV2::Listener',
  'AWS::ElasticLoadBalancingV2::ListenerRule',
];

/** The three stacks of a deployment. */
export interface MysfitsStacks {
  readonly primary: RegionalStack;
  readonly secondary: RegionalStack;
  readonly global: GlobalStack;
}

/** Overrides for tests; production uses the defaults. */
export interface BuildOptions {
  /** Docker build context of the services (default: the repository root). */
  readonly serviceSourceDir?: string;
  /** Operator permissions (default: `src/aws/permissions.json`; synth stops without it). */
  readonly permissions?: readonly PermissionStatement[];
}

/**
 * Adds the deployment's stacks to `app`: `<prefix>-<primary>`, `<prefix>-<secondary>`
 * (depends on the primary: its table replica) and `<prefix>-global` in us-west-2 (depends
 * on both through its cross-region references to the ALBs).
 */
export function buildMysfitsApp(
  app: App,
  settings: AppSettings,
  options: BuildOptions = {},
): MysfitsStacks {
  const serviceSourceDir = options.serviceSourceDir ?? REPO_ROOT;
  const primary = new RegionalStack(app, regionalStackName(settings, settings.primaryRegion), {
    settings,
    region: settings.primaryRegion,
    role: 'primary',
    cidr: '10.10.0.0/16',
    serviceSourceDir,
  });
  const secondary = new RegionalStack(app, regionalStackName(settings, settings.secondaryRegion), {
    settings,
    region: settings.secondaryRegion,
    role: 'secondary',
    cidr: '10.20.0.0/16',
    serviceSourceDir,
  });
  secondary.addStackDependency(primary, 'the secondary services use the global table replica');
  const global = new GlobalStack(app, globalStackName(settings), {
    settings,
    primary,
    secondary,
    permissions: options.permissions ?? loadOperatorPermissions().statements,
  });
  for (const [key, value] of Object.entries(APP_TAGS)) {
    Tags.of(app).add(key, value, { excludeResourceTypes: UNTAGGED_TYPES });
  }
  return { primary, secondary, global };
}
