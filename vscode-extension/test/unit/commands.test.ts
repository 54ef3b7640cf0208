import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { describe, it } from 'node:test';
import {
  braincArgs, COMMANDS, commandForId, parseDiagnostics, shellQuote, summarize, targetFile, terminalCommandLine, workingDirectory,
} from '../../src/commands';

const root = path.join(__dirname, '..', '..', '..');

describe('commands', () => {
  it('match the commands contributed in package.json', () => {
    const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    const contributed = manifest.contributes.commands as { command: string; title: string; category: string }[];
    for (const spec of COMMANDS) {
      const c = contributed.find((x) => x.command === spec.id);
      assert.ok(c, `${spec.id} is contributed`);
      assert.equal(c.title, spec.title);
      assert.equal(c.category, 'brainc');
    }
    assert.deepEqual(COMMANDS.map((c) => `${c.verb}`), ['check', 'run', 'verify']);
    assert.equal(commandForId('brainc.verify')?.title, 'Verify plasticity properties');
    assert.equal(commandForId('brainc.nope'), undefined);
  });

  it('run brainc <verb> <file>', () => {
    assert.deepEqual(braincArgs('verify', '/ws/samples/wrong_stdp.brain'), ['verify', '/ws/samples/wrong_stdp.brain']);
  });
});

describe('targetFile', () => {
  it('accepts a saved .brain file', () => {
    assert.deepEqual(targetFile({ fsPath: '/ws/a.brain', languageId: 'brain', isUntitled: false }, 'check'), { ok: true, fsPath: '/ws/a.brain' });
  });

  it('explains what is wrong otherwise', () => {
    const none = targetFile(undefined, 'run');
    assert.equal(none.ok, false);
    if (!none.ok) assert.match(none.message, /open a \.brain file/);
    const untitled = targetFile({ fsPath: undefined, languageId: 'brain', isUntitled: true }, 'check');
    assert.equal(untitled.ok, false);
    if (!untitled.ok) assert.match(untitled.message, /save the file first/);
    const other = targetFile({ fsPath: '/ws/a.ts', languageId: 'typescript', isUntitled: false }, 'verify');
    assert.equal(other.ok, false);
    if (!other.ok) assert.match(other.message, /not a \.brain file/);
  });
});

describe('terminal command lines', () => {
  it('leave plain paths unquoted', () => {
    assert.equal(terminalCommandLine('/ws/bin/brainc', 'check', '/ws/samples/cuba.brain', 'linux'), '/ws/bin/brainc check /ws/samples/cuba.brain');
  });

  it('quote paths with spaces and quotes for POSIX shells', () => {
    assert.equal(shellQuote("/my models/it's.brain", 'linux'), `'/my models/it'\\''s.brain'`);
    assert.equal(terminalCommandLine('/a b/brainc', 'run', '/x.brain', 'darwin'), `'/a b/brainc' run /x.brain`);
  });

  it('quote for PowerShell on Windows', () => {
    assert.equal(terminalCommandLine('C:\\Program Files\\brainc.cmd', 'run', 'C:\\m\\a b.brain', 'win32'),
      '& "C:\\Program Files\\brainc.cmd" run "C:\\m\\a b.brain"');
  });
});

describe('workingDirectory', () => {
  it('is the innermost workspace folder holding the file', () => {
    assert.equal(workingDirectory('/ws/sub/samples/a.brain', ['/ws', '/ws/sub'], path.posix.dirname), '/ws/sub');
    assert.equal(workingDirectory('/ws/a.brain', ['/ws'], path.posix.dirname), '/ws');
  });

  it('is the file directory outside the workspace', () => {
    assert.equal(workingDirectory('/tmp/x/a.brain', ['/ws'], path.posix.dirname), '/tmp/x');
    assert.equal(workingDirectory('/wsx/a.brain', ['/ws'], path.posix.dirname), '/wsx');
  });
});

describe('diagnostics and summaries', () => {
  const stderr = [
    'samples/wrong.brain:3:7: error[E0301]: unknown name `v_rst`',
    '  |',
    '3 |   v = v_rst',
    '  |       ^^^^^',
    'help: did you mean `v_rest`?',
    'samples/wrong.brain:9:1: warning[W0002]: `s` shadows the unit s',
    'C:\\m\\a.brain:1:1: error: unterminated string',
    '2 errors, 1 warning',
  ].join('\n');

  it('parse brainc diagnostic headers', () => {
    const d = parseDiagnostics(stderr);
    assert.equal(d.length, 3);
    assert.deepEqual(d[0], { file: 'samples/wrong.brain', line: 3, column: 7, severity: 'error', code: 'E0301', message: 'unknown name `v_rst`' });
    assert.equal(d[1]?.severity, 'warning');
    assert.equal(d[1]?.code, 'W0002');
    assert.equal(d[2]?.file, 'C:\\m\\a.brain');
    assert.equal(d[2]?.code, undefined);
  });

  it('summarize by exit code', () => {
    assert.deepEqual(summarize('check', '/ws/a.brain', 0, ''), { level: 'info', text: 'brainc check a.brain: ok' });
    assert.deepEqual(summarize('check', '/ws/a.brain', 0, 'a.brain:1:1: warning[W0002]: x'), { level: 'warning', text: 'brainc check a.brain: ok (1 warning)' });
    assert.deepEqual(summarize('check', '/ws/wrong.brain', 1, stderr), { level: 'error', text: 'brainc check wrong.brain: failed (2 errors, 1 warning); see the output' });
    assert.equal(summarize('run', '/a.brain', 2, '').text, 'brainc run a.brain: usage error; see the output');
    assert.equal(summarize('run', '/a.brain', 70, '').text, 'brainc run a.brain: internal error in brainc; see the output');
    assert.equal(summarize('verify', '/a.brain', null, '').text, 'brainc verify a.brain: stopped');
    assert.equal(summarize('verify', '/a.brain', 3, '').level, 'error');
  });
});
