// Activates the real extension against the vscode stand-in: commands are registered, a
// missing Java gives an error with a button that opens brainc.javaPath, and the commands
// run `brainc <verb> <file>` and summarize the result.
import './vscodeMock';
import * as assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { after, before, beforeEach, describe, it } from 'node:test';
import { recorded, reset, state } from './vscodeMock';

const extension = require('../../src/extension') as typeof import('../../src/extension');

const context = () => ({ subscriptions: [] as { dispose(): unknown }[] }) as never;
const posix = process.platform !== 'win32';

/** Waits until `check` holds (the error dialogs are answered asynchronously). */
async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 5));
}

describe('extension (vscode stand-in)', { skip: !posix && 'uses POSIX shell scripts' }, () => {
  let dir: string;
  const saved = { PATH: process.env.PATH, JAVA_HOME: process.env.JAVA_HOME };

  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'brainc-ext-'));
    // A workspace with a fake JDK and a fake bin/brainc that prints one diagnostic.
    mkdirSync(path.join(dir, 'jdk', 'bin'), { recursive: true });
    mkdirSync(path.join(dir, 'ws', 'bin'), { recursive: true });
    mkdirSync(path.join(dir, 'empty'));
    const java = path.join(dir, 'jdk', 'bin', 'java');
    writeFileSync(java, '#!/bin/sh\nexit 0\n');
    chmodSync(java, 0o755);
    const brainc = path.join(dir, 'ws', 'bin', 'brainc');
    writeFileSync(brainc, [
      '#!/bin/sh',
      'command -v java >/dev/null || { echo "no java on PATH" >&2; exit 3; }',
      'case "$1" in',
      '  check) echo "$2:3:7: error[E0301]: unknown name" >&2; echo "1 error" >&2; exit 1 ;;',
      '  run) echo "ran $2"; exit 0 ;;',
      '  *) exit 2 ;;',
      'esac',
      '',
    ].join('\n'));
    chmodSync(brainc, 0o755);
    writeFileSync(path.join(dir, 'ws', 'a.brain'), 'run X\n');
  });

  after(() => {
    process.env.PATH = saved.PATH;
    if (saved.JAVA_HOME === undefined) delete process.env.JAVA_HOME;
    else process.env.JAVA_HOME = saved.JAVA_HOME;
    rmSync(dir, { recursive: true, force: true });
  });

  beforeEach(() => {
    reset();
    process.env.PATH = path.join(dir, 'empty');
    delete process.env.JAVA_HOME;
  });

  it('registers the commands and reports a missing Java with a way to the setting', async () => {
    state.workspaceFolders = [path.join(dir, 'ws')];
    state.errorChoice = 'Open Settings';
    await extension.activate(context());
    for (const id of ['brainc.check', 'brainc.run', 'brainc.verify', 'brainc.restartServer']) {
      assert.ok(recorded.commands.has(id), `${id} registered`);
    }
    assert.ok(recorded.contentProviders.has('brainc-stdlib'), 'stdlib documents can be opened');
    assert.equal(recorded.errors.length, 1);
    assert.match(recorded.errors[0]!.message, /Java was not found/);
    assert.deepEqual(recorded.errors[0]!.items, ['Open Settings']);
    await until(() => recorded.executed.length > 0);
    assert.deepEqual(recorded.executed, [['workbench.action.openSettings', 'brainc.javaPath']]);
    await extension.deactivate();
  });

  it('reports a configured server jar that does not exist', async () => {
    state.workspaceFolders = [path.join(dir, 'ws')];
    state.config = { 'brainc.javaPath': path.join(dir, 'jdk'), 'brainc.serverJar': path.join(dir, 'missing.jar') };
    state.errorChoice = 'Open Settings';
    await extension.activate(context());
    assert.equal(recorded.errors.length, 1);
    assert.match(recorded.errors[0]!.message, /brainc\.serverJar .* was not found/);
    await until(() => recorded.executed.length > 0);
    assert.deepEqual(recorded.executed, [['workbench.action.openSettings', 'brainc.serverJar']]);
    await extension.deactivate();
  });

  it('reports a Java that is too old for the server', async () => {
    const old = path.join(dir, 'old', 'bin', 'java');
    mkdirSync(path.dirname(old), { recursive: true });
    writeFileSync(old, '#!/bin/sh\necho \'java version "1.8.0_392"\' >&2\n');
    chmodSync(old, 0o755);
    state.workspaceFolders = [path.join(dir, 'ws')];
    writeFileSync(path.join(dir, 'server.jar'), '');
    state.config = { 'brainc.javaPath': old, 'brainc.serverJar': path.join(dir, 'server.jar') };
    await extension.activate(context());
    assert.equal(recorded.errors.length, 1);
    assert.match(recorded.errors[0]!.message, /is Java 8; the brainc language server needs Java 17 or newer/);
    await extension.deactivate();
  });

  it('does not start a server when brainc.server.enabled is false', async () => {
    state.config = { 'brainc.server.enabled': false };
    await extension.activate(context());
    assert.equal(recorded.errors.length, 0);
    await extension.deactivate();
  });

  it('runs brainc check on the active file and summarizes the diagnostics', async () => {
    const ws = path.join(dir, 'ws');
    state.workspaceFolders = [ws];
    state.config = { 'brainc.server.enabled': false, 'brainc.javaPath': path.join(dir, 'jdk', 'bin', 'java') };
    await extension.activate(context());
    state.activeFile = { fsPath: path.join(ws, 'a.brain'), languageId: 'brain', dirty: true };
    await recorded.commands.get('brainc.check')!();
    const out = recorded.channels.find((c) => c.name === 'brainc')!;
    assert.match(out.lines.join(''), /error\[E0301\]: unknown name/);
    assert.deepEqual(recorded.errors.map((e) => e.message), ['brainc check a.brain: failed (1 error); see the output']);
    await recorded.commands.get('brainc.run')!();
    assert.match(out.lines.join(''), /ran .*a\.brain/);
    assert.deepEqual(recorded.infos, ['brainc run a.brain: ok']);
    await extension.deactivate();
  });

  it('sends the command to a terminal when brainc.commands.useTerminal is set', async () => {
    const ws = path.join(dir, 'ws');
    state.workspaceFolders = [ws];
    state.config = { 'brainc.server.enabled': false, 'brainc.commands.useTerminal': true, 'brainc.javaPath': path.join(dir, 'jdk') };
    await extension.activate(context());
    state.activeFile = { fsPath: path.join(ws, 'a.brain'), languageId: 'brain' };
    await recorded.commands.get('brainc.verify')!();
    assert.equal(recorded.terminals.length, 1);
    assert.deepEqual(recorded.terminals[0]!.sent, [`${path.join(ws, 'bin', 'brainc')} verify ${path.join(ws, 'a.brain')}`]);
    await extension.deactivate();
  });

  it('asks for a .brain file when none is active', async () => {
    state.config = { 'brainc.server.enabled': false };
    await extension.activate(context());
    await recorded.commands.get('brainc.run')!();
    assert.deepEqual(recorded.warnings, ['brainc run: open a .brain file first.']);
    await extension.deactivate();
  });
});
