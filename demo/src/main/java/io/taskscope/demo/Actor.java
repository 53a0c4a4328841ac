package io.taskscope.demo;

/** Something in the simulated cluster whose objects change on each simulator step. */
interface Actor {

  /** Advances by one tick; writes every change through the Kubernetes API of the demo cluster. */
  void step(Simulator sim);
}
