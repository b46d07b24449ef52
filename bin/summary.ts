/** What `npm run synth` and `npm start` print about the synthesized app. */
import { bundleManifest } from '../constructs/core/bundles';
import { resourcesByType, SynthesizedStack } from '../lib/synth';

export function formatSynthSummary(stacks: SynthesizedStack[], ms: number, outdir: string): string {
  const lines = [`synthesized ${stacks.length} stack(s) to ${outdir} in ${Math.round(ms)} ms`];
  for (const stack of stacks) {
    const resources = Object.keys(stack.template.Resources ?? {}).length;
    lines.push(`  ${stack.name}: ${resources} resources, template ${kb(stack.bytes)} of ROS's 512 KB`);
    for (const [type, count] of resourcesByType(stack.template)) lines.push(`    ${String(count).padStart(3)}  ${type}`);
  }
  lines.push('runtime bundles (embedded as Code.ZipFile):');
  for (const [name, info] of Object.entries(bundleManifest())) lines.push(`    ${name.padEnd(22)} ${kb(info.bytes).padStart(9)} zipped`);
  return lines.join('\n');
}

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}
