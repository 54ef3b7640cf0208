// What the extension and the brainc language server agree on beyond LSP itself.

/** Standard-library files are served read-only under this scheme: `brainc-stdlib:/brain/neurons.brain`. */
export const STDLIB_SCHEME = 'brainc-stdlib';

/** Request: the text of a standard-library document; params: its URI (a string); result: the text, or null. */
export const STDLIB_SOURCE_REQUEST = 'brainc/stdlibSource';

/** The documents the server handles: .brain files on disk, unsaved ones, and the stdlib's. */
export const DOCUMENT_SELECTOR = [
  { scheme: 'file', language: 'brain' },
  { scheme: 'untitled', language: 'brain' },
  { scheme: STDLIB_SCHEME, language: 'brain' },
] as const;

/** The settings whose change restarts the server. */
export const SERVER_SETTINGS = ['brainc.javaPath', 'brainc.serverJar', 'brainc.brainc', 'brainc.server.enabled'] as const;
