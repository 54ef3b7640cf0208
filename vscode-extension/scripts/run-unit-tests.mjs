// Compiles the unit tests (tsc -p .) into build/ and runs build/test/unit/*.test.js with
// node:test; a file list rather than a shell glob, so it runs the same under any shell.
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const run = (args) => {
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
};

rmSync(join(root, 'build'), { recursive: true, force: true });
run([createRequire(import.meta.url).resolve('typescript/bin/tsc'), '-p', '.']);
const dir = join(root, 'build', 'test', 'unit');
const files = readdirSync(dir).filter((f) => f.endsWith('.test.js')).sort().map((f) => join(dir, f));
if (files.length === 0) {
  console.error('run-unit-tests: no tests were compiled');
  process.exit(1);
}
run(['--test', '--test-reporter=spec', ...files]);
