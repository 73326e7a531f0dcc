/**
 * The per-cell loss of conv-seg, summed over a batch's weighted cells (the callers divide by the
 * batch's count of weighted cells, tf.js's default reduction).
 *
 * `focalGamma` 0 is the sigmoid cross-entropy every version up to 1.7.0 trained with. Above 0 it is
 * the focal loss (Lin et al., "Focal Loss for Dense Object Detection", ICCV 2017): each cell's
 * cross-entropy times (1 − p_t)^γ, p_t the probability given to the cell's true label. Why: a scan's
 * score is its hottest cell, yet cross-entropy spends most of its gradient on the millions of cells
 * already far on the right side; the faint blocks the network underfits (1.7.0 card) and the hottest
 * normal cells are the few cells that are not.
 */
import * as tf from '@tensorflow/tfjs';

/**
 * Σ w · (1 − p_t)^γ · −ln p_t over the cells, as a scalar.
 * Written with softplus, stable at any logit: −ln p_t = softplus(−s·z) and (1 − p_t)^γ = exp(−γ · softplus(s·z)),
 * s = 2y − 1 and z the logit.
 * @param labels 0 or 1 per cell; `weights` 0 leaves a cell out.
 * @example summedCellLoss(y, network.apply(x) as tf.Tensor, w, 2)
 */
export function summedCellLoss(labels: tf.Tensor, logits: tf.Tensor, weights: tf.Tensor, focalGamma: number): tf.Scalar {
  if (focalGamma === 0) return tf.losses.sigmoidCrossEntropy(labels, logits, weights, 0, tf.Reduction.SUM) as tf.Scalar;
  return tf.tidy(() => {
    const signed = tf.mul(tf.sub(tf.mul(labels, 2), 1), logits);
    const crossEntropy = tf.softplus(tf.neg(signed));
    const modulation = tf.exp(tf.mul(tf.softplus(signed), -focalGamma));
    return tf.sum(tf.mul(tf.mul(crossEntropy, modulation), weights));
  });
}
