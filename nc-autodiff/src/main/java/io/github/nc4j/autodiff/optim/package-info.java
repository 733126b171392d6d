/**
 * Optimizers that update tape parameters in place from their gradients: {@link
 * io.github.nc4j.autodiff.optim.Sgd} (momentum, Nesterov, L2 weight decay), {@link
 * io.github.nc4j.autodiff.optim.Adam} and {@link io.github.nc4j.autodiff.optim.AdamW} (decoupled
 * weight decay), with per-parameter learning rate and weight decay, and learning-rate
 * {@link io.github.nc4j.autodiff.optim.Schedule}s. Update rules and defaults are PyTorch's
 * ({@code torch.optim}), so hyperparameters from papers and PyTorch code carry over unchanged.
 */
package io.github.nc4j.autodiff.optim;
