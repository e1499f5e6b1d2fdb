// A rolldown plugin for scripts/bundle-cli.mjs: the bundle reaches Node's built-in modules the
// way `require` does (`process.getBuiltinModule`), never through Node's ES module facade.
//
// Why: when ES code imports a built-in (`import { request } from 'node:http'`), Node builds the
// module's ES facade by reading every export once, which runs the lazy getters the CommonJS
// object keeps for rarely used parts. `node:http`'s getters load undici (its WebSocket), about
// 40-90 ms of CPU on this machine; `node:process` builds `allowedNodeEnvironmentFlags`,
// `node:crypto` loads WebCrypto. `require` (and `process.getBuiltinModule`) returns the CommonJS
// object and runs no getter. The SDK's ES build imports `http`, `https`, `crypto`, `fs`… at the
// top of its modules, so without this plugin an SDK command pays for all of that at start-up.
//
// - A static import of a built-in becomes a virtual module, one per importing module, that reads
//   each export from the CommonJS object; every read is marked pure, so only the reads that
//   module uses are kept (reading `fs.ReadStream` alone loads Node's stream classes).
// - A dynamic `import('node:x')` becomes a promise of an object with the same keys as the ES
//   namespace (`default` and one getter per export, read when used).
// - A `require` of a built-in (CommonJS code in the bundle) already goes through `require`;
//   LAZY_REQUIRES names the few that are deferred to first use.
import { builtinModules } from 'node:module';

const builtins = new Set(builtinModules.filter((m) => !m.startsWith('_')));
const PREFIX = '\0builtin-via-require:';

/** The built-in's name without `node:`, when `id` names a built-in module, else undefined. */
function builtinName(id) {
  const name = id.replace(/^node:/, '');
  return builtins.has(name) || id.startsWith('node:') ? name : undefined;
}

/** An expression for what `import(id)` resolves to, with no ES facade built. */
function dynamicBuiltin(name) {
  return (
    `Promise.resolve().then(() => { const m = process.getBuiltinModule(${JSON.stringify(`node:${name}`)}); ` +
    `const ns = { default: m }; ` +
    `for (const k of Object.keys(m)) if (k !== 'default') Object.defineProperty(ns, k, { enumerable: true, get: () => m[k] }); ` +
    `return ns; })`
  );
}

/**
 * CommonJS dependencies that `require` a built-in when they load but use it only on a path the
 * CLI never takes: the built-in is loaded on first use instead. commander loads
 * `node:child_process` (~8 ms of CPU) for executable subcommands, which the CLI has none of.
 */
const LAZY_REQUIRES = [
  {
    file: /[\\/]node_modules[\\/]commander[\\/]lib[\\/]command\.js$/,
    builtin: 'node:child_process',
  },
];

/** An object that loads the built-in on its first property read and reads from it. */
function lazyBuiltin(id) {
  return `new Proxy({}, { get: (_target, key) => process.getBuiltinModule(${JSON.stringify(id)})[key] })`;
}

const DYNAMIC = /\bimport\(\s*(["'])((?:node:)?[a-z_/]+)\1\s*\)/g;

/** The plugin. */
export function builtinsViaRequire() {
  return {
    name: 'builtins-via-require',
    resolveId(id, importer, extra) {
      if (extra.kind !== 'import-statement') return null;
      const name = builtinName(id);
      // One facade per importing module: it holds only the reads that module uses and lands in
      // that module's chunk, so a chunk never runs a getter only some other chunk needs.
      return name === undefined ? null : `${PREFIX}${name}\0${importer ?? ''}`;
    },
    load(id) {
      if (!id.startsWith(PREFIX)) return null;
      const name = id.slice(PREFIX.length).split('\0')[0];
      const exports = Object.keys(process.getBuiltinModule(`node:${name}`)).filter(
        (k) => k !== 'default',
      );
      return [
        `const $$m = process.getBuiltinModule(${JSON.stringify(`node:${name}`)});`,
        `function $$read(k) { return $$m[k]; }`,
        `export default $$m;`,
        ...exports.map(
          (k, i) =>
            `const $$v${i} = /* @__PURE__ */ $$read(${JSON.stringify(k)});\nexport { $$v${i} as ${JSON.stringify(k)} };`,
        ),
      ].join('\n');
    },
    transform(code, id) {
      let changed = false;
      let out = code;
      for (const { builtin } of LAZY_REQUIRES.filter((l) => l.file.test(id))) {
        const call = `require('${builtin}')`;
        if (!out.includes(call))
          throw new Error(`${id} no longer has ${call}: update LAZY_REQUIRES`);
        out = out.replace(call, lazyBuiltin(builtin));
        changed = true;
      }
      out = out.replace(DYNAMIC, (whole, _quote, specifier) => {
        const name = builtinName(specifier);
        if (name === undefined) return whole;
        changed = true;
        return dynamicBuiltin(name);
      });
      return changed ? { code: out, map: null } : null;
    },
  };
}
