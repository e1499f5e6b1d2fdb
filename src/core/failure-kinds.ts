/**
 * The kinds of failure a classified AWS call ends in, as the JSON documents spell them
 * (`status`, `metrics`, `replication`); each document may add kinds of its own.
 */

/** `unreachable`, `throttled`, `timeout`, `credentials`, `not-found` and `error`, in that order. */
export const AWS_FAILURE_KINDS = [
  'unreachable',
  'throttled',
  'timeout',
  'credentials',
  'not-found',
  'error',
] as const;
