/**
 * The mixer's ffmpeg graph, planned as data: a compositor started once per room over fixed slots (one
 * raw video and one PCM input per slot, fed by the mixer's clock whether a mic is live or not), so
 * joins, leaves and layout changes never restart the output; a layout change is a set of filter
 * commands (overlay x/y, scale w/h and volume take commands at run time; xstack takes none:
 * ../shared/reference/live-iot-facts.md B3, verified by running). Gains are a volume filter per slot
 * before amix, not amix's `weights` (ffmpeg 4.4+; the static build local runs fall back to is 4.1): every
 * slot always carries audio (silence when empty), so amix's 1/n scaling is constant and a volume of n
 * after it restores unity gain on every version. Everything here is pure.
 */
import { tilesFor, type LayoutBox, type Tile } from './layouts';

export interface OutputFormat {
  width: number;
  height: number;
  fps: number;
}

/** What one slot shows: the mic in tile `order` of the layout, or nothing (hidden). */
export interface SlotState {
  tile?: Tile;
  /** 0 = silent; 1 = as sent. */
  gain: number;
}

/** A run-time filter command (ffmpeg's zmq/sendcmd form: `<target> <command> <arg>`). */
export interface FilterCommand {
  target: string;
  command: string;
  arg: string;
}

/** Instance names in the graph, so commands can address them. */
export const scaleOf = (slot: number) => `scale@s${slot}`;
export const overlayOf = (slot: number) => `overlay@o${slot}`;
export const gainOf = (slot: number) => `volume@g${slot}`;

/** A hidden slot is scaled to nothing and drawn off the canvas. */
const HIDDEN = (output: OutputFormat): Tile => ({ order: -1, x: output.width, y: output.height, width: 2, height: 2 });

/** Each slot's state for a layout: the k-th of `liveSlots` (mic order, the host first) gets tile k; gains per slot (default 1). */
export function slotStates(
  slots: number,
  boxes: readonly LayoutBox[],
  output: OutputFormat,
  liveSlots: readonly number[],
  gains: ReadonlyMap<number, number>,
): SlotState[] {
  const tiles = tilesFor(boxes, output.width, output.height);
  return Array.from({ length: slots }, (_, slot) => {
    const order = liveSlots.indexOf(slot);
    const tile = order >= 0 ? tiles[order] : undefined;
    return { ...(tile ? { tile } : {}), gain: tile ? (gains.get(slot) ?? 1) : 0 };
  });
}

/**
 * The filter graph over `slots` slots: inputs 2k (video) and 2k+1 (audio) are slot k's. The black canvas is
 * made from slot 0's frames, not a free-running source: a `color` source runs as fast as the encoder takes
 * it, so the output's clock is the feeder's (one frame per slot per tick), never ahead of real time. It is
 * slot 0 shrunk to 2x2, blacked and padded: scaling slot 0 to the output and drawbox-filling it every frame
 * cost 0.2 vCPU at 720p30 (drawbox fills pixel by pixel), pad fills with memset. Each slot is scaled
 * straight to yuva420p, the format overlay blends in: otherwise ffmpeg inserts a second scaler per slot.
 */
export function filterGraph(output: OutputFormat, states: readonly SlotState[]): string {
  const parts = [
    `[0:v]split=2[slot0][canvas]`,
    `[canvas]scale=2:2:flags=neighbor,drawbox=x=0:y=0:w=iw:h=ih:color=black:t=fill,pad=${output.width}:${output.height}:0:0:black,setsar=1[base0]`,
  ];
  states.forEach((state, slot) => {
    const tile = state.tile ?? HIDDEN(output);
    const input = slot === 0 ? '[slot0]' : `[${2 * slot}:v]`;
    parts.push(`${input}${scaleOf(slot)}=w=${tile.width}:h=${tile.height},format=yuva420p,setsar=1[v${slot}]`);
    parts.push(`[base${slot}][v${slot}]${overlayOf(slot)}=x=${tile.x}:y=${tile.y}:eof_action=pass:shortest=0[base${slot + 1}]`);
  });
  parts.push(`[base${states.length}]format=yuv420p[vout]`);
  states.forEach((state, slot) => parts.push(`[${2 * slot + 1}:a]${gainOf(slot)}=volume=${gain(state)}[a${slot}]`));
  const audio = states.map((_, slot) => `[a${slot}]`).join('');
  parts.push(`${audio}amix=inputs=${states.length}:duration=longest:dropout_transition=0,volume=${states.length}[aout]`);
  return parts.join(';');
}

/** The commands that turn the graph from `before` to `after` (only what changed). */
export function layoutCommands(output: OutputFormat, before: readonly SlotState[], after: readonly SlotState[]): FilterCommand[] {
  const appearing: FilterCommand[] = [];
  const commands: FilterCommand[] = [];
  after.forEach((state, slot) => {
    const next = state.tile ?? HIDDEN(output);
    const prev = before[slot]?.tile ?? HIDDEN(output);
    // ffmpeg takes one command per 100 ms: a mic coming on screen is what viewers wait for, so its tile goes first.
    const into = state.tile && !before[slot]?.tile ? appearing : commands;
    if (next.width !== prev.width) into.push({ target: scaleOf(slot), command: 'w', arg: String(next.width) });
    if (next.height !== prev.height) into.push({ target: scaleOf(slot), command: 'h', arg: String(next.height) });
    if (next.x !== prev.x) into.push({ target: overlayOf(slot), command: 'x', arg: String(next.x) });
    if (next.y !== prev.y) into.push({ target: overlayOf(slot), command: 'y', arg: String(next.y) });
  });
  commands.unshift(...appearing);
  after.forEach((state, slot) => {
    if (gain(state) !== gain(before[slot] ?? { gain: 0 })) commands.push({ target: gainOf(slot), command: 'volume', arg: gain(state) });
  });
  return commands;
}

function gain(state: SlotState): string {
  return String(Math.round(state.gain * 1000) / 1000);
}

/** A command line as ffmpeg's zmq filter and sendcmd read it. */
export function commandLine(command: FilterCommand): string {
  return `${command.target} ${command.command} ${command.arg}`;
}
