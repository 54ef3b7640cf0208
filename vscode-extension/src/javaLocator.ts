// Finds how to start the language server, without VS Code: every input (settings,
// environment, file system) is passed in, so that unit tests can run it headless.
import * as path from 'node:path';

/** The file-system operations the locator needs; tests pass fakes. */
export interface FileSystem {
  /** True if `p` is an existing regular file (following links). */
  isFile(p: string): boolean;
  /** True if `p` is a file this process may execute. */
  isExecutable(p: string): boolean;
}

export interface ServerSettings {
  /** `brainc.javaPath`: the java executable, or empty. */
  javaPath?: string;
  /** `brainc.serverJar`: the language server jar, or empty. */
  serverJar?: string;
  /** `brainc.brainc`: the brainc launcher, or empty. */
  brainc?: string;
}

export interface Environment {
  /** Environment variables (JAVA_HOME, PATH, PATHEXT). */
  env: Record<string, string | undefined>;
  /** `process.platform`. */
  platform: string;
  /** Workspace folders, first one first. */
  workspaceFolders: readonly string[];
  /** The user's home directory, for `~` in settings. */
  home?: string;
  fs: FileSystem;
}

/** Where a java executable came from, for messages. */
export type JavaSource = 'setting' | 'JAVA_HOME' | 'PATH';

export interface JavaFound {
  ok: true;
  path: string;
  source: JavaSource;
}

export interface JavaMissing {
  ok: false;
  /** One sentence for the user: what was looked for and where. */
  message: string;
  /** The setting that fixes it. */
  setting: 'brainc.javaPath';
}

export type JavaResult = JavaFound | JavaMissing;

/** A command line that starts the server on stdio. */
export interface ServerCommand {
  command: string;
  args: string[];
  /** How the server is started, for the output channel. */
  description: string;
}

export interface ServerFound {
  ok: true;
  server: ServerCommand;
}

export interface ServerMissing {
  ok: false;
  message: string;
  /** The setting that fixes it. */
  setting: 'brainc.javaPath' | 'brainc.serverJar' | 'brainc.brainc';
}

export type ServerResult = ServerFound | ServerMissing;

/** The jar the lsp module builds, relative to a source checkout. */
export const DEFAULT_SERVER_JAR = path.join('lsp', 'target', 'brainc-lsp.jar');
/** The launcher of a source checkout. */
export const DEFAULT_BRAINC = path.join('bin', 'brainc');

function pathApi(platform: string): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Expands a leading `~` and `${workspaceFolder}`; relative paths are taken from the first workspace folder. */
export function expandPath(value: string, environment: Environment): string {
  const p = pathApi(environment.platform);
  let v = value.trim();
  const folder = environment.workspaceFolders[0];
  if (folder !== undefined) v = v.split('${workspaceFolder}').join(folder);
  if (environment.home !== undefined && (v === '~' || v.startsWith('~/') || v.startsWith('~\\'))) {
    v = p.join(environment.home, v.slice(1));
  }
  if (!p.isAbsolute(v) && folder !== undefined && (v.includes('/') || v.includes('\\'))) {
    v = p.join(folder, v);
  }
  return v;
}

/** The executable names to try for `name` on this platform (`java`, `java.exe`, ...). */
function executableNames(name: string, environment: Environment): string[] {
  if (environment.platform !== 'win32') return [name];
  const exts = (environment.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter((e) => e.length > 0);
  if (exts.some((e) => name.toLowerCase().endsWith(e.toLowerCase()))) return [name];
  return [name, ...exts.map((e) => name + e.toLowerCase())];
}

/** Looks `name` up on PATH, as a shell would. */
export function findOnPath(name: string, environment: Environment): string | undefined {
  const p = pathApi(environment.platform);
  const pathVar = environment.env.PATH ?? environment.env.Path ?? '';
  const sep = environment.platform === 'win32' ? ';' : ':';
  for (const dir of pathVar.split(sep)) {
    if (dir.length === 0) continue;
    for (const candidate of executableNames(name, environment)) {
      const full = p.join(dir, candidate);
      if (environment.fs.isExecutable(full)) return full;
    }
  }
  return undefined;
}

/**
 * The java executable: the `brainc.javaPath` setting if set (a file, or a JDK directory),
 * else `$JAVA_HOME/bin/java`, else `java` on PATH.
 */
export function locateJava(settings: ServerSettings, environment: Environment): JavaResult {
  const p = pathApi(environment.platform);
  const exe = environment.platform === 'win32' ? 'java.exe' : 'java';
  const configured = settings.javaPath?.trim() ?? '';
  if (configured.length > 0) {
    const expanded = expandPath(configured, environment);
    const candidates = [expanded, p.join(expanded, 'bin', exe)];
    for (const c of candidates) {
      if (environment.fs.isExecutable(c)) return { ok: true, path: c, source: 'setting' };
    }
    // A bare name such as `java17` is looked up on PATH.
    if (!expanded.includes('/') && !expanded.includes('\\')) {
      const onPath = findOnPath(expanded, environment);
      if (onPath !== undefined) return { ok: true, path: onPath, source: 'setting' };
    }
    return {
      ok: false,
      setting: 'brainc.javaPath',
      message: `brainc: the Java executable set in brainc.javaPath (${configured}) does not exist or is not executable. ` +
        'Set brainc.javaPath to the java of a JDK 17 or newer.',
    };
  }
  const javaHome = environment.env.JAVA_HOME?.trim();
  if (javaHome !== undefined && javaHome.length > 0) {
    const fromHome = p.join(javaHome, 'bin', exe);
    if (environment.fs.isExecutable(fromHome)) return { ok: true, path: fromHome, source: 'JAVA_HOME' };
  }
  const onPath = findOnPath('java', environment);
  if (onPath !== undefined) return { ok: true, path: onPath, source: 'PATH' };
  const homeNote = javaHome !== undefined && javaHome.length > 0
    ? ` (JAVA_HOME is ${javaHome}, but it has no bin/${exe})`
    : '';
  return {
    ok: false,
    setting: 'brainc.javaPath',
    message: `brainc: Java was not found${homeNote}. The brainc language server needs Java 17 or newer: ` +
      'install a JDK, or set brainc.javaPath (or JAVA_HOME) to it.',
  };
}

/** The server jar: the setting if set, else lsp/target/brainc-lsp.jar in a workspace folder. */
export function locateServerJar(settings: ServerSettings, environment: Environment):
  { ok: true; path: string } | { ok: false; configured: boolean; message: string } {
  const p = pathApi(environment.platform);
  const configured = settings.serverJar?.trim() ?? '';
  if (configured.length > 0) {
    const expanded = expandPath(configured, environment);
    if (environment.fs.isFile(expanded)) return { ok: true, path: expanded };
    return {
      ok: false,
      configured: true,
      message: `brainc: the language server jar set in brainc.serverJar (${configured}) was not found. ` +
        'Build it with `mvn -B package -pl lsp -am -DskipTests`, or correct brainc.serverJar.',
    };
  }
  for (const folder of environment.workspaceFolders) {
    const candidate = p.join(folder, DEFAULT_SERVER_JAR);
    if (environment.fs.isFile(candidate)) return { ok: true, path: candidate };
  }
  return {
    ok: false,
    configured: false,
    message: `brainc: the language server jar (${DEFAULT_SERVER_JAR}) was not found in the workspace.`,
  };
}

/** The brainc launcher: the setting, else bin/brainc in a workspace folder, else `brainc` on PATH. */
export function locateBrainc(settings: ServerSettings, environment: Environment): string | undefined {
  const p = pathApi(environment.platform);
  const configured = settings.brainc?.trim() ?? '';
  if (configured.length > 0) {
    const expanded = expandPath(configured, environment);
    if (environment.fs.isExecutable(expanded)) return expanded;
    if (!expanded.includes('/') && !expanded.includes('\\')) return findOnPath(expanded, environment);
    return undefined;
  }
  for (const folder of environment.workspaceFolders) {
    const candidate = p.join(folder, DEFAULT_BRAINC);
    if (environment.fs.isExecutable(candidate)) return candidate;
  }
  return findOnPath('brainc', environment);
}

/**
 * How to start the server: `java -jar <serverJar>` when a jar is configured or found in the
 * workspace, else `brainc lsp` (which builds and runs the jar of a source checkout). Java is
 * needed either way, so a missing Java is reported first, with the setting that fixes it.
 */
export function resolveServer(settings: ServerSettings, environment: Environment): ServerResult {
  const java = locateJava(settings, environment);
  if (!java.ok) return { ok: false, message: java.message, setting: java.setting };
  const jar = locateServerJar(settings, environment);
  if (jar.ok) {
    return {
      ok: true,
      server: {
        command: java.path,
        args: ['-jar', jar.path],
        description: `${java.path} -jar ${jar.path} (java from ${java.source})`,
      },
    };
  }
  if (jar.configured) return { ok: false, message: jar.message, setting: 'brainc.serverJar' };
  const brainc = locateBrainc(settings, environment);
  if (brainc !== undefined) {
    const p = pathApi(environment.platform);
    return {
      ok: true,
      server: {
        command: brainc,
        args: ['lsp'],
        // bin/brainc runs `java` from PATH: put the java that was found first.
        description: `${brainc} lsp (java from ${java.source}: ${java.path}; ${p.dirname(java.path)} first on PATH)`,
      },
    };
  }
  return {
    ok: false,
    setting: 'brainc.serverJar',
    message: `${jar.message} Set brainc.serverJar to brainc-lsp.jar, or brainc.brainc to the brainc launcher (bin/brainc).`,
  };
}

/** The environment for the server process: the java that was found comes first on PATH. */
export function serverEnvironment(javaPath: string, environment: Environment): Record<string, string | undefined> {
  const p = pathApi(environment.platform);
  const sep = environment.platform === 'win32' ? ';' : ':';
  const key = environment.platform === 'win32' && environment.env.PATH === undefined && environment.env.Path !== undefined
    ? 'Path' : 'PATH';
  const current = environment.env[key] ?? '';
  const dir = p.dirname(javaPath);
  return { ...environment.env, [key]: current.length > 0 ? `${dir}${sep}${current}` : dir };
}

/** The oldest Java the server runs on. */
export const MIN_JAVA = 17;

/**
 * The major version in the output of `java -version` (on stderr): `openjdk version "17.0.15"`
 * is 17, `java version "1.8.0_392"` is 8, `openjdk version "21" 2023-09-19` is 21.
 */
export function parseJavaVersion(output: string): number | undefined {
  const m = /version "(\d+)(?:\.(\d+))?[^"]*"/.exec(output);
  if (m === null) return undefined;
  const first = Number(m[1]);
  return first === 1 && m[2] !== undefined ? Number(m[2]) : first;
}

/** A sentence for a Java that is too old, or undefined when it is recent enough (or unknown). */
export function javaVersionProblem(javaPath: string, versionOutput: string): string | undefined {
  const major = parseJavaVersion(versionOutput);
  if (major === undefined || major >= MIN_JAVA) return undefined;
  return `brainc: ${javaPath} is Java ${major}; the brainc language server needs Java ${MIN_JAVA} or newer. ` +
    'Set brainc.javaPath (or JAVA_HOME) to a newer JDK.';
}
