// A minimal stand-in for the `vscode` module, installed in require's cache so that
// src/extension.ts (and vscode-languageclient, which it imports) load under plain Node.
// It records what the extension asks of VS Code; tests choose the answers.
import Module = require('node:module');

export interface Recorded {
  commands: Map<string, (...args: unknown[]) => unknown>;
  executed: unknown[][];
  errors: { message: string; items: string[] }[];
  warnings: string[];
  infos: string[];
  channels: { name: string; lines: string[] }[];
  terminals: { name: string; sent: string[] }[];
  contentProviders: Map<string, unknown>;
}

export const recorded: Recorded = { commands: new Map(), executed: [], errors: [], warnings: [], infos: [], channels: [], terminals: [], contentProviders: new Map() };

export const state = {
  config: {} as Record<string, unknown>,
  workspaceFolders: [] as string[],
  activeFile: undefined as { fsPath: string; languageId: string; dirty?: boolean } | undefined,
  /** The button the user presses on the next error message. */
  errorChoice: undefined as string | undefined,
};

export function reset(): void {
  recorded.commands.clear();
  recorded.executed.length = 0;
  recorded.errors.length = 0;
  recorded.warnings.length = 0;
  recorded.infos.length = 0;
  recorded.channels.length = 0;
  recorded.terminals.length = 0;
  recorded.contentProviders.clear();
  state.config = {};
  state.workspaceFolders = [];
  state.activeFile = undefined;
  state.errorChoice = undefined;
}

const disposable = { dispose: (): void => undefined };

function channel(name: string): unknown {
  const c = { name, lines: [] as string[] };
  recorded.channels.push(c);
  const add = (s: string): void => {
    c.lines.push(s);
  };
  return {
    name, append: add, appendLine: add, info: add, warn: add, error: add, debug: add, trace: add,
    show: (): void => undefined, clear: (): void => undefined, dispose: (): void => undefined,
    replace: add, logLevel: 2, onDidChangeLogLevel: () => disposable,
  };
}

const uri = (fsPath: string): unknown => ({ scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}` });

const api: Record<string, unknown> = {
  commands: {
    registerCommand: (id: string, fn: (...args: unknown[]) => unknown) => {
      recorded.commands.set(id, fn);
      return disposable;
    },
    executeCommand: async (...args: unknown[]) => {
      recorded.executed.push(args);
      return undefined;
    },
  },
  window: {
    createOutputChannel: (name: string) => channel(name),
    showErrorMessage: async (message: string, ...items: string[]) => {
      recorded.errors.push({ message, items });
      return state.errorChoice;
    },
    showWarningMessage: async (message: string) => {
      recorded.warnings.push(message);
      return undefined;
    },
    showInformationMessage: async (message: string) => {
      recorded.infos.push(message);
      return undefined;
    },
    withProgress: async (_options: unknown, task: () => Promise<unknown>) => task(),
    createTerminal: (options: { name: string }) => {
      const t = { name: options.name, sent: [] as string[] };
      recorded.terminals.push(t);
      return { name: t.name, exitStatus: undefined, show: () => undefined, sendText: (s: string) => t.sent.push(s), dispose: () => undefined };
    },
    onDidCloseTerminal: () => disposable,
    get activeTextEditor() {
      const f = state.activeFile;
      if (f === undefined) return undefined;
      return {
        document: {
          uri: uri(f.fsPath), languageId: f.languageId, isUntitled: false, isDirty: f.dirty ?? false,
          save: async () => true,
        },
      };
    },
  },
  workspace: {
    getConfiguration: (section: string) => ({
      get: <T>(key: string, fallback: T): T => {
        const v = state.config[`${section}.${key}`];
        return (v === undefined ? fallback : v) as T;
      },
    }),
    get workspaceFolders() {
      return state.workspaceFolders.map((f, index) => ({ uri: uri(f), name: f, index }));
    },
    onDidChangeConfiguration: () => disposable,
    registerTextDocumentContentProvider: (scheme: string, provider: unknown) => {
      recorded.contentProviders.set(scheme, provider);
      return disposable;
    },
    createFileSystemWatcher: () => ({ ...disposable, onDidCreate: () => disposable, onDidChange: () => disposable, onDidDelete: () => disposable }),
  },
  ProgressLocation: { SourceControl: 1, Window: 10, Notification: 15 },
};

/** Anything else the language client touches at load time: a harmless class. */
const vscode = new Proxy(api, {
  get(target, key: string | symbol) {
    if (typeof key === 'symbol') return undefined;
    if (key === '__esModule') return true;
    if (!(key in target)) {
      target[key] = class {
        constructor(..._args: unknown[]) {
          // nothing
        }
      };
    }
    return target[key];
  },
});

type ModuleInternals = typeof Module & {
  _resolveFilename(request: string, ...rest: unknown[]): string;
};
const internals = Module as ModuleInternals;
const resolve = internals._resolveFilename;
internals._resolveFilename = function (request: string, ...rest: unknown[]): string {
  if (request === 'vscode') return 'vscode';
  return resolve.call(this, request, ...rest);
};
const cached = new Module('vscode');
cached.filename = 'vscode';
cached.loaded = true;
cached.exports = vscode;
require.cache.vscode = cached;
