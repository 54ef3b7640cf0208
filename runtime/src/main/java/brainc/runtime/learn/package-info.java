/**
 * Supervised learning support: losses on network outputs ({@link brainc.runtime.learn.Losses}),
 * optimizers ({@link brainc.runtime.learn.Optimizer}: Adam, SGD with momentum, both with
 * weight decay) and learning-rate schedules ({@link brainc.runtime.learn.LrSchedule}). JDK only.
 */
package brainc.runtime.learn;
