import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  type Environment, expandPath, findOnPath, javaVersionProblem, locateBrainc, locateJava, locateServerJar, parseJavaVersion,
  resolveServer, serverEnvironment,
} from '../../src/javaLocator';

/** An environment over a fake file system: `files` are plain files, `executables` executable ones. */
function fakeEnv(opts: {
  files?: string[];
  executables?: string[];
  env?: Record<string, string | undefined>;
  platform?: string;
  folders?: string[];
}): Environment {
  const files = new Set([...(opts.files ?? []), ...(opts.executables ?? [])]);
  const exes = new Set(opts.executables ?? []);
  return {
    env: opts.env ?? {},
    platform: opts.platform ?? 'linux',
    workspaceFolders: opts.folders ?? [],
    home: opts.platform === 'win32' ? 'C:\\Users\\ada' : '/home/ada',
    fs: { isFile: (p) => files.has(p), isExecutable: (p) => exes.has(p) },
  };
}

describe('locateJava', () => {
  it('prefers the brainc.javaPath setting', () => {
    const env = fakeEnv({ executables: ['/opt/jdk21/bin/java', '/jh/bin/java', '/usr/bin/java'], env: { JAVA_HOME: '/jh', PATH: '/usr/bin' } });
    assert.deepEqual(locateJava({ javaPath: '/opt/jdk21/bin/java' }, env), { ok: true, path: '/opt/jdk21/bin/java', source: 'setting' });
  });

  it('accepts a JDK directory in the setting', () => {
    const env = fakeEnv({ executables: ['/opt/jdk21/bin/java'] });
    assert.deepEqual(locateJava({ javaPath: '/opt/jdk21' }, env), { ok: true, path: '/opt/jdk21/bin/java', source: 'setting' });
  });

  it('expands ~ in the setting', () => {
    const env = fakeEnv({ executables: ['/home/ada/jdk/bin/java'] });
    assert.deepEqual(locateJava({ javaPath: '~/jdk' }, env), { ok: true, path: '/home/ada/jdk/bin/java', source: 'setting' });
  });

  it('looks a bare name in the setting up on PATH', () => {
    const env = fakeEnv({ executables: ['/usr/lib/jvm/bin/java17'], env: { PATH: '/usr/bin:/usr/lib/jvm/bin' } });
    assert.deepEqual(locateJava({ javaPath: 'java17' }, env), { ok: true, path: '/usr/lib/jvm/bin/java17', source: 'setting' });
  });

  it('reports a setting that points nowhere, and does not fall back silently', () => {
    const env = fakeEnv({ executables: ['/usr/bin/java'], env: { PATH: '/usr/bin' } });
    const r = locateJava({ javaPath: '/nope/java' }, env);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.setting, 'brainc.javaPath');
      assert.match(r.message, /brainc\.javaPath \(\/nope\/java\) does not exist/);
    }
  });

  it('uses JAVA_HOME before PATH', () => {
    const env = fakeEnv({ executables: ['/jh/bin/java', '/usr/bin/java'], env: { JAVA_HOME: '/jh', PATH: '/usr/bin' } });
    assert.deepEqual(locateJava({ javaPath: '' }, env), { ok: true, path: '/jh/bin/java', source: 'JAVA_HOME' });
  });

  it('falls back to PATH when JAVA_HOME has no java', () => {
    const env = fakeEnv({ executables: ['/usr/bin/java'], env: { JAVA_HOME: '/broken', PATH: '/bin:/usr/bin' } });
    assert.deepEqual(locateJava({}, env), { ok: true, path: '/usr/bin/java', source: 'PATH' });
  });

  it('ignores a PATH entry that is not executable', () => {
    const env = fakeEnv({ files: ['/a/java'], executables: ['/b/java'], env: { PATH: '/a:/b' } });
    assert.deepEqual(locateJava({}, env), { ok: true, path: '/b/java', source: 'PATH' });
  });

  it('says clearly when Java is missing', () => {
    const r = locateJava({}, fakeEnv({ env: { PATH: '/usr/bin' } }));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.setting, 'brainc.javaPath');
      assert.match(r.message, /Java was not found/);
      assert.match(r.message, /Java 17 or newer/);
      assert.match(r.message, /brainc\.javaPath/);
    }
  });

  it('mentions a JAVA_HOME without java', () => {
    const r = locateJava({}, fakeEnv({ env: { JAVA_HOME: '/jh' } }));
    assert.equal(r.ok, false);
    if (!r.ok) assert.match(r.message, /JAVA_HOME is \/jh, but it has no bin\/java/);
  });

  it('finds java.exe on Windows through PATHEXT', () => {
    const env = fakeEnv({
      platform: 'win32',
      executables: ['C:\\jdk\\bin\\java.exe'],
      env: { Path: 'C:\\Windows;C:\\jdk\\bin', PATHEXT: '.COM;.EXE' },
    });
    assert.deepEqual(locateJava({}, env), { ok: true, path: 'C:\\jdk\\bin\\java.exe', source: 'PATH' });
  });

  it('uses JAVA_HOME\\bin\\java.exe on Windows', () => {
    const env = fakeEnv({ platform: 'win32', executables: ['C:\\jdk\\bin\\java.exe'], env: { JAVA_HOME: 'C:\\jdk' } });
    assert.deepEqual(locateJava({}, env), { ok: true, path: 'C:\\jdk\\bin\\java.exe', source: 'JAVA_HOME' });
  });
});

describe('locateServerJar', () => {
  it('uses the setting, relative to the workspace folder', () => {
    const env = fakeEnv({ files: ['/ws/lsp/target/brainc-lsp.jar'], folders: ['/ws'] });
    assert.deepEqual(locateServerJar({ serverJar: 'lsp/target/brainc-lsp.jar' }, env), { ok: true, path: '/ws/lsp/target/brainc-lsp.jar' });
    assert.deepEqual(locateServerJar({ serverJar: '${workspaceFolder}/lsp/target/brainc-lsp.jar' }, env), { ok: true, path: '/ws/lsp/target/brainc-lsp.jar' });
  });

  it('finds lsp/target/brainc-lsp.jar in any workspace folder', () => {
    const env = fakeEnv({ files: ['/b/lsp/target/brainc-lsp.jar'], folders: ['/a', '/b'] });
    assert.deepEqual(locateServerJar({}, env), { ok: true, path: '/b/lsp/target/brainc-lsp.jar' });
  });

  it('reports a configured jar that is missing', () => {
    const r = locateServerJar({ serverJar: '/x/brainc-lsp.jar' }, fakeEnv({}));
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.configured, true);
      assert.match(r.message, /brainc\.serverJar \(\/x\/brainc-lsp\.jar\) was not found/);
    }
  });
});

describe('locateBrainc', () => {
  it('prefers the setting, then bin/brainc of the workspace, then PATH', () => {
    const env = fakeEnv({ executables: ['/opt/brainc', '/ws/bin/brainc', '/usr/local/bin/brainc'], folders: ['/ws'], env: { PATH: '/usr/local/bin' } });
    assert.equal(locateBrainc({ brainc: '/opt/brainc' }, env), '/opt/brainc');
    assert.equal(locateBrainc({}, env), '/ws/bin/brainc');
    assert.equal(locateBrainc({}, { ...env, workspaceFolders: [] }), '/usr/local/bin/brainc');
  });

  it('returns undefined when there is none', () => {
    assert.equal(locateBrainc({}, fakeEnv({ folders: ['/ws'] })), undefined);
    assert.equal(locateBrainc({ brainc: '/missing/brainc' }, fakeEnv({})), undefined);
  });
});

describe('resolveServer', () => {
  it('starts java -jar with the jar', () => {
    const env = fakeEnv({ executables: ['/jh/bin/java'], files: ['/ws/lsp/target/brainc-lsp.jar'], env: { JAVA_HOME: '/jh' }, folders: ['/ws'] });
    const r = resolveServer({}, env);
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.equal(r.server.command, '/jh/bin/java');
      assert.deepEqual(r.server.args, ['-jar', '/ws/lsp/target/brainc-lsp.jar']);
      assert.match(r.server.description, /java from JAVA_HOME/);
    }
  });

  it('falls back to brainc lsp without a jar', () => {
    const env = fakeEnv({ executables: ['/usr/bin/java', '/ws/bin/brainc'], env: { PATH: '/usr/bin' }, folders: ['/ws'] });
    const r = resolveServer({}, env);
    assert.equal(r.ok, true);
    if (r.ok) {
      assert.equal(r.server.command, '/ws/bin/brainc');
      assert.deepEqual(r.server.args, ['lsp']);
    }
  });

  it('reports missing Java first', () => {
    const env = fakeEnv({ files: ['/ws/lsp/target/brainc-lsp.jar'], folders: ['/ws'] });
    const r = resolveServer({}, env);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.setting, 'brainc.javaPath');
      assert.match(r.message, /Java was not found/);
    }
  });

  it('does not fall back to brainc lsp when the configured jar is missing', () => {
    const env = fakeEnv({ executables: ['/usr/bin/java', '/ws/bin/brainc'], env: { PATH: '/usr/bin' }, folders: ['/ws'] });
    const r = resolveServer({ serverJar: '/gone.jar' }, env);
    assert.equal(r.ok, false);
    if (!r.ok) assert.equal(r.setting, 'brainc.serverJar');
  });

  it('says what to set when neither a jar nor brainc is found', () => {
    const env = fakeEnv({ executables: ['/usr/bin/java'], env: { PATH: '/usr/bin' }, folders: ['/ws'] });
    const r = resolveServer({}, env);
    assert.equal(r.ok, false);
    if (!r.ok) {
      assert.equal(r.setting, 'brainc.serverJar');
      assert.match(r.message, /brainc-lsp\.jar/);
      assert.match(r.message, /brainc\.brainc/);
    }
  });
});

describe('helpers', () => {
  it('puts the java that was found first on PATH', () => {
    const env = fakeEnv({ env: { PATH: '/usr/bin', HOME: '/home/ada' } });
    const out = serverEnvironment('/opt/jdk/bin/java', env);
    assert.equal(out.PATH, '/opt/jdk/bin:/usr/bin');
    assert.equal(out.HOME, '/home/ada');
  });

  it('keeps Windows Path spelling', () => {
    const env = fakeEnv({ platform: 'win32', env: { Path: 'C:\\Windows' } });
    assert.equal(serverEnvironment('C:\\jdk\\bin\\java.exe', env).Path, 'C:\\jdk\\bin;C:\\Windows');
  });

  it('expands paths', () => {
    const env = fakeEnv({ folders: ['/ws'] });
    assert.equal(expandPath('  /abs/x  ', env), '/abs/x');
    assert.equal(expandPath('rel/x', env), '/ws/rel/x');
    assert.equal(expandPath('~', env), '/home/ada');
    assert.equal(expandPath('java', env), 'java');
  });

  it('skips empty PATH entries', () => {
    const env = fakeEnv({ executables: ['/x/java'], env: { PATH: '::/x:' } });
    assert.equal(findOnPath('java', env), '/x/java');
  });
});

describe('Java version', () => {
  it('reads the major version of old and new version strings', () => {
    assert.equal(parseJavaVersion('openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment'), 17);
    assert.equal(parseJavaVersion('java version "1.8.0_392"\nJava(TM) SE Runtime Environment'), 8);
    assert.equal(parseJavaVersion('openjdk version "21" 2023-09-19'), 21);
    assert.equal(parseJavaVersion('openjdk version "25-ea" 2025-09-16'), 25);
    assert.equal(parseJavaVersion('command not found'), undefined);
  });

  it('says when Java is too old, and only then', () => {
    assert.match(javaVersionProblem('/usr/bin/java', 'openjdk version "11.0.2"') ?? '', /\/usr\/bin\/java is Java 11; .* needs Java 17 or newer/);
    assert.equal(javaVersionProblem('/usr/bin/java', 'openjdk version "17.0.15"'), undefined);
    assert.equal(javaVersionProblem('/usr/bin/java', ''), undefined);
  });
});
