/**
 * The public API is documented in aws-cdk-lib's style: every member of what the entry points export has a TSDoc
 * summary, and every optional prop (of a `*Props`/`*Options` type and the option types it reaches) says its `@default`.
 */
import * as path from 'node:path';
import { checkApiDocs, ENTRY_FILES, inMemoryProgram, repoProgram } from '../support/api-docs';

const ROOT = path.join(__dirname, '..', '..');

describe('API docs', () => {
  test('every public member has TSDoc, every optional option a @default', () => {
    const findings = checkApiDocs(repoProgram(ROOT), { entryFiles: ENTRY_FILES, rootDir: ROOT });
    if (findings.length > 0) throw new Error(`${findings.length} API doc problems:\n${findings.join('\n')}`);
  });

  test('the checker reports undocumented members, missing and malformed defaults', () => {
    const dir = path.resolve('/api-docs-fixture');
    const entry = path.join(dir, 'index.ts');
    const files = {
      [entry]: [
        "export { Widget, Widgets } from './widget';",
        "export type { WidgetProps } from './widget';",
      ].join('\n'),
      [path.join(dir, 'widget.ts')]: [
        'export interface Size {',
        '  /** Width in pixels. */',
        '  readonly width?: number;',
        '}',
        'export interface WidgetProps {',
        "  /** The widget's name. @default 'w' */",
        '  readonly name?: string;',
        '  readonly color?: string;',
        '  /** Height in pixels. */',
        '  readonly height?: number;',
        '  /** How big. @default a medium one */',
        '  readonly size?: Size;',
        '  /** Depth. @default 6 (cells of 1 km) */',
        '  readonly depth?: number;',
        '  /** Sizes. @default [{ width: 2 }] */',
        '  readonly sizes?: Size[];',
        '}',
        'export class Widget {',
        '  /** The widget, built. */',
        '  public readonly built = true;',
        '  public readonly undocumented = 1;',
        '  private readonly hidden = 2;',
        '  public readonly _internal = 3;',
        '  /** Draws it. */',
        '  public draw(): number { return this.hidden; }',
        '}',
        'export const Widgets = {',
        '  /** A widget. */',
        '  one: (): Widget => new Widget(),',
        '  many: (): Widget[] => [],',
        '  count: 2,',
        '};',
      ].join('\n'),
    };
    const findings = checkApiDocs(inMemoryProgram(files), { entryFiles: [entry], rootDir: dir });
    expect(findings).toEqual([
      'widget.ts:3 Size.width: missing @default',
      'widget.ts:8 WidgetProps.color: missing @default',
      'widget.ts:8 WidgetProps.color: missing TSDoc',
      'widget.ts:10 WidgetProps.height: missing @default',
      'widget.ts:12 WidgetProps.size: malformed @default (want a literal or "- prose"): a medium one',
      'widget.ts:14 WidgetProps.depth: malformed @default (want a literal or "- prose"): 6 (cells of 1 km)',
      'widget.ts:21 Widget.undocumented: missing TSDoc',
      'widget.ts:30 Widgets.many: missing TSDoc',
    ]);
  });
});
