package lmwb.api.training;

/**
 * One epoch of a run.
 *
 * @param epoch 1-based
 * @param trainLoss mean training loss over the epoch's steps
 * @param devScore the selection metric on dev
 * @param seconds the epoch's wall time (training and dev evaluation)
 * @param examplesPerSecond training examples per second in this epoch
 */
public record EpochLog(int epoch, double trainLoss, double devScore, double seconds, double examplesPerSecond) {
}
