/** What a DispatchSystem with default props runs with: the settings the construct renders. */
import { Validator } from '../../../constructs/core/validation';
import { resolveDispatchSettings } from '../../../constructs/dispatch-system/validate';
import type { DispatchSettings } from '../../../runtime/dispatch/settings';

export const DEFAULT_SETTINGS: DispatchSettings = resolveDispatchSettings({ push: { appKey: '23267207' } }, new Validator('test'));
