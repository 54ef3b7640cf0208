/**
 * Datasets for training on samples: the IDX format of MNIST-like image sets ({@link
 * brainc.runtime.data.Idx}), labelled image sets read from a directory ({@link
 * brainc.runtime.data.ImageDataset}) and deterministic shuffling ({@link
 * brainc.runtime.data.Shuffle}). JDK only, like the rest of the runtime.
 */
package brainc.runtime.data;
