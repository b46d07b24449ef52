/** Mixer planning as pure functions, and the planned graph and commands run by a real ffmpeg. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { layoutProblems, presetBoxes, tilesFor, type LayoutBox } from '../../../runtime/live/layouts';
import { commandLine, filterGraph, layoutCommands, slotStates } from '../../../runtime/live/mixer-plan';
import { runFfmpeg } from '../../../runtime/shared/ffmpeg';

const OUT = { width: 1280, height: 720, fps: 30 };

describe('layouts', () => {
  it('grids 1 to 9 mics in equal tiles, row by row, covering the picture', () => {
    expect(tilesFor(presetBoxes('grid', 1), 1280, 720)).toEqual([{ order: 0, x: 0, y: 0, width: 1280, height: 720 }]);
    expect(tilesFor(presetBoxes('grid', 4), 1280, 720).map((t) => [t.x, t.y, t.width, t.height])).toEqual([
      [0, 0, 640, 360],
      [640, 0, 640, 360],
      [0, 360, 640, 360],
      [640, 360, 640, 360],
    ]);
    for (let n = 1; n <= 9; n++) {
      const tiles = tilesFor(presetBoxes('grid', n), 1280, 720);
      expect(tiles).toHaveLength(n);
      for (const t of tiles) {
        expect(t.x + t.width).toBeLessThanOrEqual(1280);
        expect(t.y + t.height).toBeLessThanOrEqual(720);
        expect([t.x, t.y, t.width, t.height].every((v) => v % 2 === 0)).toBe(true);
      }
    }
    expect(() => presetBoxes('grid', 10)).toThrow(/1-9/);
  });

  it('gives the host three quarters in the speaker layout and stacks the co-hosts', () => {
    expect(tilesFor(presetBoxes('speaker', 3), 1280, 720).map((t) => [t.x, t.y, t.width, t.height])).toEqual([
      [0, 0, 960, 720],
      [960, 0, 320, 360],
      [960, 360, 320, 360],
    ]);
  });

  it('places custom boxes by their PositionRefer, clipped to the picture, and names every bad field', () => {
    const boxes: LayoutBox[] = [
      { fillPositionNormalized: [0.5, 0.5], fillSizeNormalized: [0.5, 0.5], positionRefer: 'center' },
      { fillPositionNormalized: [1, 1], fillSizeNormalized: [0.25, 0.25], positionRefer: 'bottomRight' },
    ];
    expect(tilesFor(boxes, 1280, 720).map((t) => [t.x, t.y, t.width, t.height])).toEqual([
      [320, 180, 640, 360],
      [960, 540, 320, 180],
    ]);
    expect(layoutProblems({ boxes: [{ fillPositionNormalized: [2, 0], fillSizeNormalized: [0, 1], positionRefer: 'middle' as never }] }, 2)).toEqual([
      'boxes has 1 boxes for 2 mics',
      'boxes[0].fillPositionNormalized must be [x, y], each 0-1',
      'boxes[0].fillSizeNormalized must be [w, h], each 0.01-1',
      expect.stringMatching(/^boxes\[0\]\.positionRefer must be one of topLeft, /),
    ]);
    expect(layoutProblems({ preset: 'grid' }, 9)).toEqual([]);
  });
});

describe('mixer plan', () => {
  const one = slotStates(3, presetBoxes('grid', 1), OUT, [0], new Map());
  const two = slotStates(3, presetBoxes('speaker', 2), OUT, [0, 2], new Map([[2, 0.5]]));

  it('keeps every slot in the graph, the empty ones hidden off the canvas and silent', () => {
    const graph = filterGraph(OUT, one);
    expect(graph).toContain('[slot0]scale@s0=w=1280:h=720');
    expect(graph.startsWith('[0:v]split=2[slot0][canvas]')).toBe(true);
    expect(graph).toContain('overlay@o1=x=1280:y=720');
    expect(graph).toContain('[3:a]volume@g1=volume=0[a1]');
    expect(graph).toContain('amix=inputs=3:duration=longest:dropout_transition=0,volume=3[aout]');
  });

  it('changes the layout by commands, only for what changed: a mic that joins in slot 2 (its tile first), at half volume', () => {
    expect(layoutCommands(OUT, one, two).map(commandLine)).toEqual([
      'scale@s2 w 320',
      'scale@s2 h 720',
      'overlay@o2 x 960',
      'overlay@o2 y 0',
      'scale@s0 w 960',
      'volume@g2 volume 0.5',
    ]);
    expect(layoutCommands(OUT, two, two)).toEqual([]);
  });

  it('runs: ffmpeg accepts the graph, and the commands move a white mic into its tile at 1 s', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'fsc-mix-'));
    const small = { width: 320, height: 180, fps: 10 };
    const before = slotStates(2, presetBoxes('grid', 1), small, [0], new Map());
    const after = slotStates(2, presetBoxes('grid', 2), small, [0, 1], new Map());
    const commands = path.join(dir, 'commands.txt');
    writeFileSync(
      commands,
      layoutCommands(small, before, after)
        .map((c) => `1.0 ${commandLine(c)};`)
        .join('\n'),
    );
    const graph = filterGraph(small, before).replace('[base0];', `[base00];[base00]sendcmd=f='${commands}'[base0];`);
    expect(graph).toContain('[base00];[base00]sendcmd');
    const input = (color: string, tone: number) => [
      ...['-f', 'lavfi', '-i', `color=c=${color}:s=160x90:r=10`],
      ...['-f', 'lavfi', '-i', `sine=f=${tone}:r=48000`],
    ];
    const luma = path.join(dir, 'luma.raw');
    await runFfmpeg([
      '-nostdin',
      ...input('black', 440),
      ...input('white', 660),
      '-filter_complex',
      `${graph};[vout]extractplanes=y[y]`,
      '-map',
      '[y]',
      '-t',
      '2',
      '-f',
      'rawvideo',
      luma,
      '-map',
      '[aout]',
      '-t',
      '2',
      '-f',
      'null',
      '-',
    ]);
    const raw = readFileSync(luma);
    const frameSize = 320 * 180;
    const rightTile = (frame: number) => raw[frame * frameSize + 90 * 320 + 240];
    expect(raw.length / frameSize).toBeGreaterThanOrEqual(19);
    expect(rightTile(5)).toBeLessThan(40);
    expect(rightTile(15)).toBeGreaterThan(200);
  });
});
