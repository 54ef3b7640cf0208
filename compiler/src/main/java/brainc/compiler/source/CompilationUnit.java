package brainc.compiler.source;

import brainc.compiler.ast.FileAst;
import brainc.compiler.syntax.ParsedFile;
import brainc.ir.source.SourceFile;

/** One loaded document: its text, parse tree and AST. {@code imported} is false for the file the user named. */
public record CompilationUnit(SourceFile source, ParsedFile parsed, FileAst ast, boolean imported) {}
