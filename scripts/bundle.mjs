// Bundle the command-line program into a few files under dist/bundle/, so start-up
// reads one module instead of thirty (klynge --help should cost about what bare node
// costs). Lazy imports stay lazy: each becomes its own chunk. better-sqlite3's native
// addon stays in node_modules. dist/ from tsc stays too (the benchmark imports it).
import fs from 'node:fs';
import { build } from 'esbuild';

// chunk names carry a hash: start clean so old chunks do not pile up
fs.rmSync('dist/bundle', { recursive: true, force: true });

// commander loads node:child_process at start-up for subcommands that are separate
// executables, which klynge has none of; loading it costs ~12 ms of every run (a tenth
// of bare node's start-up). Required on first use instead.
const lazyChildProcess = {
  name: 'lazy-child-process',
  setup(b) {
    b.onLoad({ filter: /commander[\\/]lib[\\/]command\.js$/ }, async (args) => {
      const text = await fs.promises.readFile(args.path, 'utf8');
      const eager = "const childProcess = require('node:child_process');";
      if (!text.includes(eager)) throw new Error(`bundle: commander changed (${args.path}): update the lazy child_process plugin`);
      const lazy = "const childProcess = { spawn: (...a) => require('node:child_process').spawn(...a) };";
      return { contents: text.replace(eager, lazy), loader: 'js' };
    });
  },
};

// The messages: each language written as JSON (from tsc's dist/, built just before), and the
// bundle reads the one it needs instead of parsing both as JavaScript (see catalog-source.ts).
const { catalogSource } = await import('../dist/io/i18n/catalog-source.js');
const MESSAGES = ['en', 'nb'];
const jsonMessages = {
  name: 'json-messages',
  setup(b) {
    b.onLoad({ filter: /src[\\/]io[\\/]i18n[\\/]catalog-source\.ts$/ }, () => ({
      loader: 'js',
      contents: `import { readFileSync } from 'node:fs';
export function catalogSource(lang) {
  return JSON.parse(readFileSync(new URL(\`./messages.\${lang}.json\`, import.meta.url), 'utf8'));
}`,
    }));
  },
};

await build({
  plugins: [lazyChildProcess, jsonMessages],
  // the import's row reader runs in a worker thread: its own entry, sharing chunks
  entryPoints: { entry: 'src/cli/entry.ts', 'import-worker': 'src/services/import-worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  outExtension: { '.js': '.mjs' },
  // better-sqlite3's JavaScript is bundled (ten CommonJS files fewer to find and load at start);
  // its compiled addon stays in node_modules, named directly by src/db/open.ts
  // pg's optional native and Cloudflare drivers are never used: left out, not bundled
  external: ['*.node', 'pg-native', 'pg-cloudflare', 'cloudflare:sockets'],
  // CommonJS dependencies bundled into ESM call require() for node built-ins
  banner: { js: "import { createRequire as __klyngeRequire } from 'node:module'; const require = __klyngeRequire(import.meta.url);" },
  define: { KLYNGE_VERSION: JSON.stringify(JSON.parse(fs.readFileSync('package.json', 'utf8')).version) },
  sourcemap: true,
  minify: process.env.KLYNGE_NO_MINIFY !== "1",
  logLevel: 'warning',
});

// the banner gives each chunk a require() for the CommonJS code bundled in it; a chunk
// without any does not need node:module loaded for it
for (const f of fs.readdirSync('dist/bundle').filter((f) => f.endsWith('.mjs'))) {
  const file = `dist/bundle/${f}`;
  const text = fs.readFileSync(file, 'utf8');
  const [banner, ...rest] = text.split('\n');
  // (an empty first line instead, so the source maps still line up)
  if (banner.includes('__klyngeRequire') && !/\brequire\b/.test(rest.join('\n'))) fs.writeFileSync(file, '\n' + rest.join('\n'));
}

for (const lang of MESSAGES) fs.writeFileSync(`dist/bundle/messages.${lang}.json`, JSON.stringify(catalogSource(lang)));
