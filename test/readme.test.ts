/** The README's default-settings tables say what the constructs do: checked against the defaults they use. */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_LADDER, DISPATCH_DEFAULTS, LIVE_DEFAULTS, MEDIA_DEFAULTS } from '../constructs';

const README = readFileSync(path.join(__dirname, '..', 'README.md'), 'utf8');

/** The table row of a prop, e.g. "| `segmentSeconds` | 6 |". */
function row(prop: string): string {
  const line = README.split('\n').find((l) => l.startsWith(`| \`${prop}\``));
  if (!line) throw new Error(`README has no default-settings row for ${prop}`);
  return line;
}

describe('README default settings', () => {
  test('MediaPipeline', () => {
    expect(row('inputPrefix')).toContain(`\`${MEDIA_DEFAULTS.inputPrefix}\``);
    for (const suffix of MEDIA_DEFAULTS.inputSuffixes) expect(row('inputSuffixes')).toContain(`\`${suffix}\``);
    expect(row('outputPrefix')).toContain(`\`${MEDIA_DEFAULTS.outputPrefix}\``);
    for (const rung of DEFAULT_LADDER) expect(row('ladder')).toContain(`${rung.name} ${rung.videoBitrate}`);
    expect(row('packaging')).toContain(`\`${MEDIA_DEFAULTS.packaging}\``);
    expect(row('layout')).toContain(`| \`${MEDIA_DEFAULTS.layout}\`:`);
    expect(row('segmentSeconds')).toContain(`| ${MEDIA_DEFAULTS.segmentSeconds} |`);
    expect(row('thumbnails')).toContain(`${MEDIA_DEFAULTS.thumbnails.count} JPEGs, ${MEDIA_DEFAULTS.thumbnails.width} px`);
    expect(row('cdn')).toContain(`daily quota ${MEDIA_DEFAULTS.cdn.dailyQuota}`);
    expect(row('maxRetries')).toContain(`${MEDIA_DEFAULTS.maxRetries} async retries`);
    expect(row('maxEventAgeSeconds')).toContain(`${MEDIA_DEFAULTS.maxEventAgeSeconds}`);
    const t = MEDIA_DEFAULTS.transcoder;
    expect(row('transcoder')).toContain(`${t.memorySize} MB, ${t.cpu} vCPU, ${t.timeout} s`);
    const n = MEDIA_DEFAULTS.completionNotifier;
    expect(row('completionNotifier')).toContain(`${n.memorySize} MB, ${n.cpu} vCPU, ${n.timeout} s`);
    const p = MEDIA_DEFAULTS.planner;
    expect(row('planner')).toContain(`${p.memorySize} MB, ${p.cpu} vCPU, ${p.timeout} s`);
  });

  test('DispatchSystem', () => {
    const d = DISPATCH_DEFAULTS;
    expect(row('requestsPerMinute')).toContain(`${d.requestsPerMinute} per API`);
    expect(row('protocol')).toContain(`\`${d.protocol}\``);
    expect(row('offer')).toContain(`${d.offer.size} couriers at once, ${d.offer.ttlSeconds} s to accept, ${d.offer.maxRounds} rounds`);
    expect(row('cellPrecision')).toContain(`geohash ${d.cellPrecision}`);
    expect(row('cellPrecision')).toContain(`${d.maxRings} rings`);
    expect(row('locationMaxAgeSeconds')).toContain(`| ${d.locationMaxAgeSeconds} |`);
    expect(row('courierCapacity')).toContain(`${d.courierCapacity} active orders`);
    expect(row('loadPenaltyMeters')).toContain(`${d.loadPenaltyMeters} per active order`);
    expect(row('maxBodyBytes')).toContain(`| ${d.maxBodyBytes} |`);
    expect(row('maxSendAttempts')).toContain(`${d.maxSendAttempts} (`);
    const a = d.apiFunction;
    expect(row('apiFunction')).toContain(`${a.memorySize} MB, ${a.cpu} vCPU, ${a.timeout} s, ${a.instanceConcurrency} concurrent`);
    expect(row('maxRetries`, `maxEventAgeSeconds')).toContain(`${d.maxRetries}, ${d.maxEventAgeSeconds}`);
  });

  test('LiveMuxCluster', () => {
    const d = LIVE_DEFAULTS;
    expect(row('appName')).toContain(`\`${d.appName}\``);
    expect(row('signing.timestampConvention')).toContain(`\`${d.timestampConvention}\``);
    expect(row('signing.pushUrlLifetimeSeconds')).toContain(`${d.pushUrlLifetimeSeconds}, ${d.playUrlLifetimeSeconds}`);
    expect(row('defaultOutput')).toContain(`${d.output.width} × ${d.output.height} at ${d.output.fps} fps`);
    expect(row('mixer.maxMics')).toContain(`| ${d.maxMics} (`);
    expect(row('mixer.idleStopSeconds')).toContain(`| ${d.idleStopSeconds} |`);
    expect(row('mixer.watchdogIntervalSeconds')).toContain(`| ${d.watchdogIntervalSeconds}:`);
    expect(row('mixer.startGraceSeconds')).toContain(`| ${d.startGraceSeconds} |`);
    expect(row('mixer.slotWidth')).toContain(`${d.slotSize.width} × ${d.slotSize.height}`);
    const m = d.mixer;
    expect(row('mixerFunction')).toContain(`${m.memorySize} MB, ${m.cpu} vCPU, ${m.timeout} s`);
    expect(row('roomApi')).toContain(`${d.roomApi.memorySize} MB, ${d.roomApi.cpu} vCPU, ${d.roomApi.timeout} s`);
    expect(row('watchdog')).toContain(`${d.watchdog.memorySize} MB, ${d.watchdog.cpu} vCPU, ${d.watchdog.timeout} s`);
  });
});
