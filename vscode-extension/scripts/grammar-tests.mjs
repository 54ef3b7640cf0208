// Grammar tests, headless (vscode-textmate + vscode-oniguruma, no VS Code):
//  1. the committed syntaxes/brain.tmLanguage.json is what scripts/build-grammar.mjs writes;
//  2. scope assertions in test/grammar/*.brain (vscode-tmgrammar-test's `// ^^^ scope` format);
//  3. snapshots (vscode-tmgrammar-snap): test/snapshots/*.brain are copies of every sample
//     (../samples/*.brain) and stdlib file, each with its committed .snap;
//  4. the samples and stdlib files as they are now tokenize without an illegal character.
// Edits to the samples do not fail these tests: a sample that differs from its copy is
// reported, and `npm run snap:update` refreshes the copies and rewrites the snapshots.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');
const require = createRequire(import.meta.url);
const update = process.argv.includes('--update');
const snapDir = join(root, 'test', 'snapshots');
const grammarFile = join(root, 'syntaxes', 'brain.tmLanguage.json');
const bin = (name) => join(dirname(require.resolve('vscode-tmgrammar-test/package.json')), 'dist', `${name}.js`);

function run(args, what) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`grammar tests: ${what} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** The samples and stdlib files: name in test/snapshots -> path. */
function sources() {
  const found = new Map();
  const add = (dir, prefix) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.brain')).sort()) found.set(prefix + f, join(dir, f));
  };
  add(join(repo, 'samples'), '');
  add(join(repo, 'stdlib', 'src', 'main', 'resources', 'brain'), 'stdlib-');
  return found;
}

async function loadGrammar() {
  const oniguruma = require('vscode-oniguruma');
  const textmate = require('vscode-textmate');
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync(grammarFile, 'utf8'), grammarFile),
  });
  const grammar = await registry.loadGrammar('source.brain');
  return (text) => {
    const illegal = [];
    let stack = textmate.INITIAL;
    text.split(/\r?\n/).forEach((line, i) => {
      const r = grammar.tokenizeLine(line, stack);
      for (const t of r.tokens) {
        if (t.scopes.some((s) => s.startsWith('invalid'))) illegal.push(`${i + 1}:${t.startIndex + 1} ${JSON.stringify(line.slice(t.startIndex, t.endIndex))}`);
      }
      stack = r.ruleStack;
    });
    return illegal;
  };
}

// 1. The grammar file is generated.
run([join(root, 'scripts', 'build-grammar.mjs'), ...(update ? [] : ['--check'])], 'build-grammar');

// 2. Scope assertions.
run([bin('unit'), '-g', 'syntaxes/brain.tmLanguage.json', 'test/grammar/*.brain'], 'scope assertions');

// 3. Snapshots of the copies.
const live = sources();
if (update) {
  for (const f of readdirSync(snapDir)) if (f.endsWith('.brain') || f.endsWith('.brain.snap')) rmSync(join(snapDir, f));
  for (const [name, src] of live) copyFileSync(src, join(snapDir, name));
}
const copies = readdirSync(snapDir).filter((n) => n.endsWith('.brain')).sort();
const problems = [];
if (copies.length === 0) problems.push('no copies of the samples in test/snapshots (npm run snap:update)');
for (const name of copies) {
  if (!update && !existsSync(join(snapDir, `${name}.snap`))) problems.push(`test/snapshots/${name} has no .snap (npm run snap:update)`);
}
for (const snap of readdirSync(snapDir).filter((n) => n.endsWith('.brain.snap'))) {
  if (!copies.includes(basename(snap, '.snap'))) problems.push(`test/snapshots/${snap} has no source next to it`);
}
if (problems.length > 0) {
  for (const p of problems) console.error(`grammar tests: ${p}`);
  process.exit(1);
}
run([bin('snapshot'), '-g', 'syntaxes/brain.tmLanguage.json', ...(update ? ['--updateSnapshot'] : []), 'test/snapshots/*.brain'], 'snapshots');

// 4. The samples as they are now.
const illegalIn = await loadGrammar();
let failed = false;
for (const src of live.values()) {
  const illegal = illegalIn(readFileSync(src, 'utf8'));
  if (illegal.length > 0) {
    failed = true;
    console.error(`grammar tests: ${relative(repo, src)} has characters the grammar marks illegal: ${illegal.slice(0, 5).join(', ')}`);
  }
}
const drift = [];
for (const [name, src] of live) {
  const copy = join(snapDir, name);
  if (!existsSync(copy)) drift.push(`${relative(repo, src)} is new`);
  else if (readFileSync(copy, 'utf8') !== readFileSync(src, 'utf8')) drift.push(`${relative(repo, src)} changed`);
}
for (const name of copies) if (!live.has(name)) drift.push(`the source of test/snapshots/${name} is gone`);
if (drift.length > 0) {
  console.log(`grammar tests: note: the snapshots are of older samples (${drift.join('; ')}); npm run snap:update refreshes them`);
}
if (failed) process.exit(1);
console.log(`grammar tests: ${copies.length} snapshots ${update ? 'written' : 'match'}; ${live.size} current samples and stdlib files tokenize cleanly`);
