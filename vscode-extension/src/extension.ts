// The brainc extension: starts the language server (`java -jar brainc-lsp.jar`, or
// `brainc lsp`) for .brain files and offers the check / run / verify commands.
import { execFile, spawn } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { LanguageClient, type LanguageClientOptions, type ServerOptions, TransportKind } from 'vscode-languageclient/node';
import { COMMANDS, type CommandSpec, summarize, targetFile, terminalCommandLine, workingDirectory } from './commands';
import { javaVersionProblem, locateBrainc, locateJava, resolveServer, type ServerSettings, serverEnvironment } from './javaLocator';
import { nodeEnvironment } from './nodeEnvironment';
import { DOCUMENT_SELECTOR, SERVER_SETTINGS, STDLIB_SCHEME, STDLIB_SOURCE_REQUEST } from './protocol';

const OPEN_SETTINGS = 'Open Settings';
let client: LanguageClient | undefined;
/** The server's log and trace. */
let output: vscode.LogOutputChannel | undefined;
/** What the check / run / verify commands print. */
let commandOutput: vscode.OutputChannel | undefined;
let terminal: vscode.Terminal | undefined;

function settings(): ServerSettings {
  const config = vscode.workspace.getConfiguration('brainc');
  return {
    javaPath: config.get<string>('javaPath', ''),
    serverJar: config.get<string>('serverJar', ''),
    brainc: config.get<string>('brainc', ''),
  };
}

function workspaceFolders(): string[] {
  return (vscode.workspace.workspaceFolders ?? []).filter((f) => f.uri.scheme === 'file').map((f) => f.uri.fsPath);
}

/** An error with a button that opens the setting that fixes it. */
async function showProblem(message: string, setting: string): Promise<void> {
  const choice = await vscode.window.showErrorMessage(message, OPEN_SETTINGS);
  if (choice === OPEN_SETTINGS) await vscode.commands.executeCommand('workbench.action.openSettings', setting);
}

/** What `java -version` prints (on stderr), or '' when it cannot be run within 10 s. */
function javaVersionOutput(javaPath: string): Promise<string> {
  return new Promise((resolve) => {
    execFile(javaPath, ['-version'], { timeout: 10_000 }, (_error, stdout, stderr) => resolve(`${stderr}${stdout}`));
  });
}

async function startClient(): Promise<void> {
  if (!vscode.workspace.getConfiguration('brainc').get<boolean>('server.enabled', true)) return;
  const environment = nodeEnvironment(workspaceFolders());
  const resolved = resolveServer(settings(), environment);
  if (!resolved.ok) {
    output?.error(resolved.message);
    void showProblem(resolved.message, resolved.setting);
    return;
  }
  const java = locateJava(settings(), environment);
  if (java.ok) {
    const tooOld = javaVersionProblem(java.path, await javaVersionOutput(java.path));
    if (tooOld !== undefined) {
      output?.error(tooOld);
      void showProblem(tooOld, 'brainc.javaPath');
      return;
    }
  }
  const env = java.ok ? serverEnvironment(java.path, environment) : environment.env;
  const { command, args, description } = resolved.server;
  output?.info(`Starting the brainc language server: ${description}`);
  const run = { command, args, transport: TransportKind.stdio, options: { env, cwd: environment.workspaceFolders[0] } };
  const serverOptions: ServerOptions = { run, debug: run };
  const clientOptions: LanguageClientOptions = {
    documentSelector: DOCUMENT_SELECTOR.map((s) => ({ ...s })),
    outputChannel: output,
    synchronize: { fileEvents: vscode.workspace.createFileSystemWatcher('**/*.brain') },
  };
  client = new LanguageClient('brainc', 'brainc language server', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    client = undefined;
    void showProblem(
      `brainc: the language server could not be started (${description}): ${reason}. ` +
        'Check brainc.javaPath and brainc.serverJar.',
      'brainc.serverJar',
    );
  }
}

async function restartClient(): Promise<void> {
  const old = client;
  client = undefined;
  if (old !== undefined) {
    try {
      await old.stop();
    } catch {
      // A server that failed to start cannot be stopped; start a fresh one anyway.
    }
  }
  await startClient();
}

/** The text of a standard-library document, from the server. */
async function stdlibSource(uri: vscode.Uri, token: vscode.CancellationToken): Promise<string> {
  if (client === undefined) return '// The brainc language server is not running, so the standard library cannot be shown.\n';
  const text = await client.sendRequest<string | null>(STDLIB_SOURCE_REQUEST, uri.toString(), token);
  return text ?? `// ${uri.toString()} is not part of the brainc standard library.\n`;
}

async function runCommand(spec: CommandSpec): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const doc = editor?.document;
  const file = targetFile(
    doc === undefined ? undefined : {
      fsPath: doc.uri.scheme === 'file' ? doc.uri.fsPath : undefined,
      languageId: doc.languageId,
      isUntitled: doc.isUntitled,
    },
    spec.verb,
  );
  if (!file.ok) {
    void vscode.window.showWarningMessage(file.message);
    return;
  }
  if (doc?.isDirty) await doc.save();
  const environment = nodeEnvironment(workspaceFolders());
  const brainc = locateBrainc(settings(), environment);
  if (brainc === undefined) {
    void showProblem(
      'brainc: the brainc launcher was not found (bin/brainc in the workspace, or brainc on PATH). Set brainc.brainc to it.',
      'brainc.brainc',
    );
    return;
  }
  const java = locateJava(settings(), environment);
  if (!java.ok) {
    void showProblem(java.message, java.setting);
    return;
  }
  const env = serverEnvironment(java.path, environment);
  const cwd = workingDirectory(file.fsPath, environment.workspaceFolders, (p) => path.dirname(p));
  if (vscode.workspace.getConfiguration('brainc').get<boolean>('commands.useTerminal', false)) {
    if (terminal === undefined || terminal.exitStatus !== undefined) {
      terminal = vscode.window.createTerminal({ name: 'brainc', cwd, env });
    }
    terminal.show(true);
    terminal.sendText(terminalCommandLine(brainc, spec.verb, file.fsPath, process.platform));
    return;
  }
  const channel = commandOutput!;
  channel.show(true);
  channel.appendLine(`$ ${terminalCommandLine(brainc, spec.verb, file.fsPath, process.platform)}`);
  let text = '';
  await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Window, title: `brainc ${spec.verb}`, cancellable: false },
    () => new Promise<void>((resolve) => {
      const child = spawn(brainc, [spec.verb, file.fsPath], { cwd, env });
      const append = (chunk: Buffer): void => {
        const s = chunk.toString();
        text += s;
        channel.append(s);
      };
      child.stdout.on('data', append);
      child.stderr.on('data', append);
      child.on('error', (error) => {
        channel.appendLine(`brainc: ${error.message}`);
        void vscode.window.showErrorMessage(`brainc ${spec.verb}: could not start ${brainc}: ${error.message}`);
        resolve();
      });
      child.on('close', (code) => {
        const summary = summarize(spec.verb, file.fsPath, code, text);
        channel.appendLine(`[exit ${code ?? 'signal'}] ${summary.text}`);
        if (summary.level === 'info') void vscode.window.showInformationMessage(summary.text);
        else if (summary.level === 'warning') void vscode.window.showWarningMessage(summary.text);
        else void vscode.window.showErrorMessage(summary.text);
        resolve();
      });
    }),
  );
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('brainc language server', { log: true });
  commandOutput = vscode.window.createOutputChannel('brainc');
  context.subscriptions.push(output, commandOutput, { dispose: () => void client?.stop() });
  for (const spec of COMMANDS) {
    context.subscriptions.push(vscode.commands.registerCommand(spec.id, () => runCommand(spec)));
  }
  context.subscriptions.push(
    vscode.commands.registerCommand('brainc.restartServer', () => restartClient()),
    // Go to definition into the standard library opens brainc-stdlib: documents, read-only.
    vscode.workspace.registerTextDocumentContentProvider(STDLIB_SCHEME, { provideTextDocumentContent: stdlibSource }),
    vscode.window.onDidCloseTerminal((t) => {
      if (t === terminal) terminal = undefined;
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (SERVER_SETTINGS.some((s) => e.affectsConfiguration(s))) {
        void restartClient();
      }
    }),
  );
  await startClient();
}

export async function deactivate(): Promise<void> {
  const old = client;
  client = undefined;
  await old?.stop();
}
