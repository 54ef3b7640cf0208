// Drives the real language server as the extension starts it (resolveServer: java -jar
// brainc-lsp.jar) over stdio with JSON-RPC: initialize, didOpen of a file with an error,
// the diagnostics that come back, shutdown and exit. Skipped when the jar has not been
// built (`mvn -B verify`, or `mvn -B package -pl lsp -am -DskipTests`) or Java is missing;
// BRAINC_LSP_JAR points it at another jar.
import * as assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, describe, it } from 'node:test';
import {
  createProtocolConnection, type ProtocolConnection, PublishDiagnosticsNotification, type PublishDiagnosticsParams,
  StreamMessageReader, StreamMessageWriter,
} from 'vscode-languageserver-protocol/node';
import { locateJava, resolveServer, serverEnvironment } from '../../src/javaLocator';
import { nodeEnvironment } from '../../src/nodeEnvironment';
import { STDLIB_SCHEME, STDLIB_SOURCE_REQUEST } from '../../src/protocol';

const repo = path.join(__dirname, '..', '..', '..', '..');
const jar = process.env.BRAINC_LSP_JAR ?? path.join(repo, 'lsp', 'target', 'brainc-lsp.jar');
const environment = nodeEnvironment([repo]);
const java = locateJava({}, environment);
const skip = !existsSync(jar) ? `no server jar at ${jar}` : !java.ok ? 'no Java' : false;

describe('language server over stdio', { skip, timeout: 60_000 }, () => {
  let proc: ChildProcess | undefined;
  let connection: ProtocolConnection | undefined;

  after(() => {
    connection?.dispose();
    if (proc !== undefined && proc.exitCode === null) proc.kill();
  });

  it('starts as resolveServer says, publishes diagnostics and shuts down', async () => {
    const resolved = resolveServer({ serverJar: jar }, environment);
    assert.ok(resolved.ok, resolved.ok ? '' : resolved.message);
    assert.deepEqual(resolved.server.args, ['-jar', jar]);
    const env = java.ok ? serverEnvironment(java.path, environment) : process.env;
    proc = spawn(resolved.server.command, resolved.server.args, { cwd: repo, env, stdio: ['pipe', 'pipe', 'inherit'] });
    const conn = createProtocolConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    connection = conn;
    const uri = pathToFileURL(path.join(repo, 'samples', 'vscode-extension-test.brain')).toString();
    const diagnostics = new Promise<PublishDiagnosticsParams>((resolve) => {
      conn.onNotification(PublishDiagnosticsNotification.type, (p) => {
        if (p.uri === uri && p.diagnostics.length > 0) resolve(p);
      });
    });
    conn.listen();

    const init = await conn.sendRequest<{ capabilities: Record<string, unknown> }>('initialize', {
      processId: process.pid,
      rootUri: pathToFileURL(repo).toString(),
      capabilities: {},
      workspaceFolders: null,
    });
    assert.ok(init.capabilities.textDocumentSync !== undefined, 'the server syncs documents');
    await conn.sendNotification('initialized', {});
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri, languageId: 'brain', version: 1, text: 'network N {\n  population p = NoSuchModel[10]\n}\n' },
    });
    let timer: NodeJS.Timeout | undefined;
    const published = await Promise.race([
      diagnostics,
      new Promise<never>((_r, reject) => {
        timer = setTimeout(() => reject(new Error('no diagnostics within 30 s')), 30_000);
      }),
    ]).finally(() => clearTimeout(timer));
    assert.ok(published.diagnostics.some((d) => d.range.start.line === 1), JSON.stringify(published.diagnostics));

    // Go to definition of a stdlib model leads to a brainc-stdlib: document whose text the
    // extension's content provider asks for.
    const lib = 'file:///' + 'vscode-extension-test-lib.brain';
    await conn.sendNotification('textDocument/didOpen', {
      textDocument: { uri: lib, languageId: 'brain', version: 1, text: 'use brain.neurons.LIF\nnetwork M {\n  population p = LIF[1]\n}\n' },
    });
    const definition = await conn.sendRequest<{ uri?: string; targetUri?: string }[] | { uri: string } | null>('textDocument/definition', {
      textDocument: { uri: lib }, position: { line: 2, character: 18 },
    });
    const target = Array.isArray(definition) ? definition[0] : definition;
    const targetUri = target === null || target === undefined ? undefined : 'uri' in target ? target.uri : target.targetUri;
    assert.ok(targetUri?.startsWith(`${STDLIB_SCHEME}:`), `definition of LIF: ${JSON.stringify(definition)}`);
    const text = await conn.sendRequest<string | null>(STDLIB_SOURCE_REQUEST, targetUri);
    assert.match(text ?? '', /neuron LIF\b/);

    const exited = new Promise<number | null>((resolve) => proc!.on('exit', (code) => resolve(code)));
    await conn.sendRequest('shutdown');
    await conn.sendNotification('exit');
    assert.equal(await exited, 0);
  });
});
