// Grammar tests, headless (vscode-textmate + vscode-oniguruma, no VS Code):
//  1. the committed syntaxes/brain.tmLanguage.json is what scripts/build-grammar.mjs writes;
//  2. scope assertions in test/grammar/*.brain (vscode-tmgrammar-test's `// ^^^ scope` format);
//  3. snapshots of every sample (../samples/*.brain) and stdlib file in test/snapshots/*.snap
//     (vscode-tmgrammar-snap). The sources are copied next to the snapshots first; a source
//     without a snapshot, or a snapshot without a source, fails the test.
// `--update` (npm run snap:update) rewrites the snapshots instead of comparing them.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const repo = join(root, '..');
const update = process.argv.includes('--update');
const snapDir = join(root, 'test', 'snapshots');
const bin = (name) => join(root, 'node_modules', 'vscode-tmgrammar-test', 'dist', `${name}.js`);

function run(script, args) {
  const result = spawnSync(process.execPath, [bin(script), ...args], { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) {
    console.error(`grammar tests: ${script} failed (exit ${result.status ?? result.signal})`);
    process.exit(1);
  }
}

/** The files to snapshot: name in test/snapshots -> source path. */
function sources() {
  const found = new Map();
  const add = (dir, prefix) => {
    if (!existsSync(dir)) return;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.brain')).sort()) {
      found.set(prefix + f, join(dir, f));
    }
  };
  add(join(repo, 'samples'), '');
  add(join(repo, 'stdlib', 'src', 'main', 'resources', 'brain'), 'stdlib-');
  return found;
}

// 1. The grammar file is generated.
const check = spawnSync(process.execPath, [join(root, 'scripts', 'build-grammar.mjs'), update ? '' : '--check'].filter(Boolean),
  { cwd: root, stdio: 'inherit' });
if (check.status !== 0) process.exit(1);

// 2. Scope assertions.
run('unit', ['-g', 'syntaxes/brain.tmLanguage.json', 'test/grammar/*.brain']);

// 3. Snapshots.
const wanted = sources();
if (wanted.size === 0) {
  console.error(`grammar tests: no samples found under ${repo}`);
  process.exit(1);
}
for (const f of readdirSync(snapDir).filter((n) => n.endsWith('.brain'))) rmSync(join(snapDir, f));
const problems = [];
for (const [name, src] of wanted) {
  copyFileSync(src, join(snapDir, name));
  if (!update && !existsSync(join(snapDir, `${name}.snap`))) {
    problems.push(`no snapshot for ${src}: run npm run snap:update and commit test/snapshots/${name}.snap`);
  }
}
for (const snap of readdirSync(snapDir).filter((n) => n.endsWith('.brain.snap'))) {
  const name = basename(snap, '.snap');
  if (!wanted.has(name)) {
    if (update) rmSync(join(snapDir, snap));
    else problems.push(`stale snapshot test/snapshots/${snap}: its source is gone (npm run snap:update removes it)`);
  }
}
if (problems.length > 0) {
  for (const p of problems) console.error(`grammar tests: ${p}`);
  process.exit(1);
}
run('snapshot', ['-g', 'syntaxes/brain.tmLanguage.json', ...(update ? ['--updateSnapshot'] : []), 'test/snapshots/*.brain']);
console.log(`grammar tests: ${wanted.size} snapshots ${update ? 'written' : 'match'}`);
