// Checks the .vsix that `npm run package` wrote: it exists, holds the files the manifest
// points to, and its bundle loads and exports activate/deactivate (under the vscode
// stand-in of the unit tests, when they have been compiled).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const vsix = join(root, process.argv[2] ?? 'brainc.vsix');
const fail = (message) => {
  console.error(`verify-package: ${message}`);
  process.exit(1);
};

if (!existsSync(vsix)) fail(`${vsix} was not written`);
const bytes = readFileSync(vsix);
if (bytes.readUInt32LE(0) !== 0x04034b50) fail(`${vsix} is not a zip file`);
// File names are stored uncompressed in the zip's headers.
const listing = bytes.toString('latin1');
const wanted = [
  'extension.vsixmanifest',
  'extension/package.json',
  'extension/dist/extension.js',
  'extension/syntaxes/brain.tmLanguage.json',
  'extension/language-configuration.json',
  'extension/snippets/brain.json',
  'extension/icons/brain-file.svg',
];
for (const name of wanted) if (!listing.includes(name)) fail(`${vsix} lacks ${name}`);
for (const unwanted of ['extension/node_modules/', 'extension/src/', 'extension/test/', 'extension/dist/extension.js.map']) {
  if (listing.includes(unwanted)) fail(`${vsix} should not contain ${unwanted}`);
}

const require = createRequire(import.meta.url);
const mock = join(root, 'build', 'test', 'unit', 'vscodeMock.js');
if (existsSync(mock)) {
  require(mock);
  const bundle = require(join(root, 'dist', 'extension.js'));
  if (typeof bundle.activate !== 'function' || typeof bundle.deactivate !== 'function') {
    fail('dist/extension.js does not export activate and deactivate');
  }
}
console.log(`verify-package: ${vsix} (${Math.round(statSync(vsix).size / 1024)} KiB) holds ${wanted.length} expected files${existsSync(mock) ? '; its bundle loads' : ''}`);
