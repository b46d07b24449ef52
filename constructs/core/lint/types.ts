/** Shared shapes of the template linter. */

export type Severity = 'error' | 'warning';

export interface Finding {
  /** Id of the rule that found the problem, e.g. `FSC-OSS1`. */
  readonly ruleId: string;
  /** The rule's severity: an error fails `npx fc-solution-constructs lint`, a warning does not. */
  readonly severity: Severity;
  /** Logical id of the resource the finding is about; absent for template-wide findings. */
  readonly resource?: string;
  /** Where in the template (or resource) the problem is, e.g. `Properties.AccessControl`. */
  readonly path?: string;
  /** What is wrong, and usually how to fix it. */
  readonly message: string;
}

export interface LintOptions {
  /**
   * Named in template-wide messages, e.g. `MediaStack.template.json`.
   *
   * @default 'template'
   */
  readonly templateName?: string;
}

/** A finding before the rule's id and severity are attached. */
export interface Hit {
  readonly resource?: string;
  readonly path?: string;
  readonly message: string;
}

export interface RuleInfo {
  /** The rule's id, e.g. `FSC-OSS1`: what findings carry and suppressions name. */
  readonly id: string;
  /** Severity of the rule's findings. */
  readonly severity: Severity;
  /** What the rule checks. */
  readonly description: string;
}

export interface TemplateResource {
  readonly Type?: unknown;
  readonly Properties?: Record<string, unknown>;
  readonly Metadata?: Record<string, unknown>;
  readonly DependsOn?: unknown;
  readonly [key: string]: unknown;
}

export interface Template {
  readonly Resources?: Record<string, TemplateResource>;
  readonly Parameters?: Record<string, unknown>;
  readonly [key: string]: unknown;
}
