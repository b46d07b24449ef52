/** Conditional writes to Table Store: the condition helpers every pattern's runtime uses. */
export { claim, claimStillHeld, type ClaimColumns, type ClaimRequest } from './claim';
export { columnAbsent, columnEquals, numberAbsent } from './conditions';
export { ifCondition, isConditionFailed } from './if-condition';
