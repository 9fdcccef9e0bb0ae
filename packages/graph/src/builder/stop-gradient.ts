/**
 * The attachment key that marks a value made by `GraphBuilder.stopGradient`: `gradients` sends
 * no gradient back through the node that produced it.
 */
export const STOP_GRADIENT = 'stop-gradient';
