// The `brainc check|run|verify` commands as data: which verb, which file, what command line.
// Free of VS Code so that unit tests can exercise it.

export type Verb = 'check' | 'run' | 'verify';

export interface CommandSpec {
  /** The VS Code command id. */
  id: string;
  verb: Verb;
  /** The title shown in the palette, under the "brainc" category. */
  title: string;
}

export const COMMANDS: readonly CommandSpec[] = [
  { id: 'brainc.check', verb: 'check', title: 'Check file' },
  { id: 'brainc.run', verb: 'run', title: 'Run file' },
  { id: 'brainc.verify', verb: 'verify', title: 'Verify plasticity properties' },
];

export function commandForId(id: string): CommandSpec | undefined {
  return COMMANDS.find((c) => c.id === id);
}

export interface ActiveFile {
  /** The file system path, or undefined for an untitled or non-file document. */
  fsPath: string | undefined;
  languageId: string;
  isUntitled: boolean;
}

export type FileCheck = { ok: true; fsPath: string } | { ok: false; message: string };

/** The file a command acts on, or why there is none. */
export function targetFile(file: ActiveFile | undefined, verb: Verb): FileCheck {
  if (file === undefined) return { ok: false, message: `brainc ${verb}: open a .brain file first.` };
  if (file.isUntitled || file.fsPath === undefined) {
    return { ok: false, message: `brainc ${verb}: save the file first; brainc works on files on disk.` };
  }
  if (file.languageId !== 'brain' && !file.fsPath.endsWith('.brain')) {
    return { ok: false, message: `brainc ${verb}: ${file.fsPath} is not a .brain file.` };
  }
  return { ok: true, fsPath: file.fsPath };
}

/** The argument vector of `brainc <verb> <file>`. */
export function braincArgs(verb: Verb, fsPath: string): string[] {
  return [verb, fsPath];
}

/**
 * Quotes one argument for a shell: POSIX single quotes, or double quotes for PowerShell/cmd
 * on Windows. Plain words (letters, digits, `/._-:=+@,`) are left as they are.
 */
export function shellQuote(arg: string, platform: string): string {
  if (/^[A-Za-z0-9_/.:=+@,-]+$/.test(arg)) return arg;
  if (platform === 'win32') return `"${arg.replace(/"/g, '""')}"`;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

/** The command line typed into a terminal: `'<brainc>' check '<file>'`. */
export function terminalCommandLine(brainc: string, verb: Verb, fsPath: string, platform: string): string {
  const parts = [brainc, ...braincArgs(verb, fsPath)].map((a) => shellQuote(a, platform));
  // PowerShell needs the call operator to run a quoted path.
  return platform === 'win32' && parts[0]!.startsWith('"') ? `& ${parts.join(' ')}` : parts.join(' ');
}

/** The working directory for a command: the workspace folder holding the file, else the file's directory. */
export function workingDirectory(fsPath: string, workspaceFolders: readonly string[], dirname: (p: string) => string): string {
  const sorted = [...workspaceFolders].sort((a, b) => b.length - a.length);
  for (const folder of sorted) {
    const withSep = folder.endsWith('/') || folder.endsWith('\\') ? folder : `${folder}/`;
    const withWinSep = folder.endsWith('\\') ? folder : `${folder}\\`;
    if (fsPath.startsWith(withSep) || fsPath.startsWith(withWinSep)) return folder;
  }
  return dirname(fsPath);
}

/** Diagnostics as brainc prints them: `file:line:col: error[E0301]: message`. */
export interface PrintedDiagnostic {
  file: string;
  line: number;
  column: number;
  severity: 'error' | 'warning' | 'note' | 'help';
  code: string | undefined;
  message: string;
}

const DIAGNOSTIC = /^(.+?):(\d+):(\d+): (error|warning|note|help)(?:\[([A-Z]\d{4})\])?: (.*)$/;

/** Reads the diagnostic header lines from brainc's stderr, for a summary message. */
export function parseDiagnostics(output: string): PrintedDiagnostic[] {
  const found: PrintedDiagnostic[] = [];
  for (const line of output.split(/\r?\n/)) {
    const m = DIAGNOSTIC.exec(line);
    if (m === null) continue;
    found.push({
      file: m[1]!,
      line: Number(m[2]),
      column: Number(m[3]),
      severity: m[4] as PrintedDiagnostic['severity'],
      code: m[5],
      message: m[6]!,
    });
  }
  return found;
}

/** A one-line summary of a finished command, for a notification. */
export function summarize(verb: Verb, fsPath: string, exitCode: number | null, output: string): { level: 'info' | 'warning' | 'error'; text: string } {
  const name = fsPath.split(/[\\/]/).pop() ?? fsPath;
  const diags = parseDiagnostics(output);
  const errors = diags.filter((d) => d.severity === 'error').length;
  const warnings = diags.filter((d) => d.severity === 'warning').length;
  const counts = [errors > 0 ? `${errors} error${errors === 1 ? '' : 's'}` : '', warnings > 0 ? `${warnings} warning${warnings === 1 ? '' : 's'}` : '']
    .filter((s) => s.length > 0).join(', ');
  if (exitCode === 0) {
    return { level: warnings > 0 ? 'warning' : 'info', text: `brainc ${verb} ${name}: ok${counts ? ` (${counts})` : ''}` };
  }
  if (exitCode === 1) return { level: 'error', text: `brainc ${verb} ${name}: failed${counts ? ` (${counts})` : ''}; see the output` };
  if (exitCode === 2) return { level: 'error', text: `brainc ${verb} ${name}: usage error; see the output` };
  if (exitCode === 70) return { level: 'error', text: `brainc ${verb} ${name}: internal error in brainc; see the output` };
  if (exitCode === null) return { level: 'error', text: `brainc ${verb} ${name}: stopped` };
  return { level: 'error', text: `brainc ${verb} ${name}: exited with code ${exitCode}; see the output` };
}
