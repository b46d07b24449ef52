import { LintContext } from '../context';
import { Hit, RuleInfo } from '../types';

/** A rule: stable id, severity, one-line description, and a check that reports hits on a template. */
export interface Rule extends RuleInfo {
  check(ctx: LintContext): Hit[];
}
