import type { TicketArm } from "./budget";
import type { ComputeCurve } from "./run-steps";

/** One arm of one repeat, as plain JSON. */
export interface ArmResult {
  readonly arm: TicketArm;
  /** Unit-steps spent (width × steps), within one step of the budget. */
  readonly spent: number;
  readonly curve: ComputeCurve;
  /** Test accuracy and loss at the end of the arm. */
  readonly finalAcc: number;
  readonly finalLoss: number;
  /**
   * For pruning and folding: test accuracy of the 2w net just before the reduction, of the width-w net right
   * after it (before training on), and after training on. Absent for the other arms (a distilled student
   * starts from a fresh init, so it has no "right after").
   */
  readonly reduction?: { readonly beforeAcc: number; readonly afterAcc: number; readonly afterLoss: number };
}
