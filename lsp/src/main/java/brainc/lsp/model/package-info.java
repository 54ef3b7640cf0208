/**
 * What the language server's features read: an open document ({@link brainc.lsp.model.TextDocument}),
 * its analysis ({@link brainc.lsp.model.DocumentModel}), the stdlib's declarations and the mapping of
 * URIs to sources. It knows no feature and no protocol, so {@code lsp.features} depends on it and
 * {@code lsp} on both, without a cycle.
 */
package brainc.lsp.model;
