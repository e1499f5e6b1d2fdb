/**
 * Ports whose implementation is loaded on first use: the port object exists at once (callers
 * keep the synchronous `PortFactory`), and its first call imports the adapter and its SDK
 * client. A command then loads only the clients it calls (`lock show`: DynamoDB).
 */

/** Every method name of a port, each `true`: the compiler checks it against the interface. */
export type MethodNames<P> = { readonly [K in keyof P]: true };

type AsyncMethod = (...args: unknown[]) => Promise<unknown>;

/**
 * A port of `methods` whose calls go to the port `load` resolves to. `load` runs on the first
 * call (once, also when several calls start together); a failed load fails that call and the
 * next call tries again.
 */
export function lazyPort<P extends object>(methods: MethodNames<P>, load: () => Promise<P>): P {
  let loading: Promise<P> | undefined;
  const loaded = async (): Promise<Record<string, AsyncMethod>> => {
    loading ??= load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return (await loading) as unknown as Record<string, AsyncMethod>;
  };
  const port: Record<string, AsyncMethod> = {};
  for (const name of Object.keys(methods)) {
    port[name] = async (...args) => (await loaded())[name]!(...args);
  }
  return port as P;
}
