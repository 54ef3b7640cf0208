/**
 * Files that compiled models write and read: monitor traces, exported arrays, datasets.
 *
 * <p>Everything written goes through {@link brainc.runtime.io.AtomicFiles}, so a crash or an
 * exception never leaves a truncated file behind for the next reader (a plotting script, a
 * resumed run). The formats are the plain ones other tools read without help: NumPy {@code .npy}
 * ({@link brainc.runtime.io.NpyWriter}, {@link brainc.runtime.io.NpyReader}) and RFC 4180 CSV
 * ({@link brainc.runtime.io.CsvWriter}); configuration and label files are read as JSON
 * ({@link brainc.runtime.io.Json}). Like the rest of the runtime, this package uses nothing
 * but the JDK.
 */
package brainc.runtime.io;
