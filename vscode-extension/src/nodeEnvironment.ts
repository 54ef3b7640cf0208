// The real file system and process environment for javaLocator, kept apart so that the
// locator itself stays pure.
import * as fs from 'node:fs';
import * as os from 'node:os';
import type { Environment, FileSystem } from './javaLocator';

export const nodeFileSystem: FileSystem = {
  isFile(p: string): boolean {
    try {
      return fs.statSync(p).isFile();
    } catch {
      return false;
    }
  },
  isExecutable(p: string): boolean {
    try {
      if (!fs.statSync(p).isFile()) return false;
      if (process.platform === 'win32') return true;
      fs.accessSync(p, fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  },
};

export function nodeEnvironment(workspaceFolders: readonly string[]): Environment {
  return {
    env: { ...process.env },
    platform: process.platform,
    workspaceFolders,
    home: os.homedir(),
    fs: nodeFileSystem,
  };
}
