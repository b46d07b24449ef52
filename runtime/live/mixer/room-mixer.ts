/**
 * A room's mixer (one per room, holding the lease): follows the room's rows, keeps a decoder per live mic,
 * feeds every slot on its own clock (the mic's newest frame, its last one held while it stalls, a grey
 * placeholder when it is gone or the slot is empty; its sound, or silence) into a compositor started once,
 * and turns layout and membership changes into filter commands. It renews the lease every LEASE_MS / 3 and
 * stops when the lease is lost (taken over), the room ends, or no mic has been live for idleStopSeconds.
 * A failed read or write of the room is tried again on the next round while the lease surely still holds;
 * a mixer that could not renew for 2/3 of LEASE_MS stops before the lease lapses, so two never push at once.
 */
import type { Logger } from '../../shared/log';
import type { Clock, TableStore } from '../../shared/ports';
import { layoutBoxes } from '../layouts';
import { randomUUID } from 'node:crypto';
import { claimLease, LEASE_MS, releaseLease, renewLease } from '../mixer-lease';
import { layoutCommands, slotStates, type OutputFormat, type SlotState } from '../mixer-plan';
import { readRoomMics, roomFromRow, roomKey, type Mic } from '../room-record';
import { AUDIO_CHANNELS, AUDIO_RATE, startCompositor, type Compositor, type SlotFormat } from './compositor';
import { SlotSource } from './slot-source';
import { withoutAuthKeys } from '../url-signing';

export interface RoomMixerOptions {
  roomId: string;
  epoch: number;
  store: TableStore;
  tables: { rooms: string; mics: string };
  clock: Clock;
  log: Logger;
  /** Slots the compositor is started with (the most mics a room takes). */
  slots: number;
  slot: SlotFormat;
  /** Where the mix goes (a signed push URL of the room's mix stream). */
  pushUrl: string;
  /** Where a mic's stream is pulled from (a signed play URL). */
  pullUrl(micId: string): string;
  idleStopSeconds: number;
  /** A stalled mic's last frame is held this long, then the placeholder shows. Default 2000 ms. */
  holdMs?: number;
  /** How often the room's rows are read. Default 500 ms. */
  followMs?: number;
  /** How often the output's health (frames, fps, encoder speed) is logged. Default 10 s. */
  healthMs?: number;
}

export type MixerExit = 'ended' | 'idle' | 'taken-over' | 'lease-unrenewable' | 'compositor-died' | 'stopped' | 'duplicate';

export async function runRoomMixer(options: RoomMixerOptions, signal?: AbortSignal): Promise<MixerExit> {
  const { roomId, epoch, store, tables, clock, log } = options;
  const roomRow = await store.getRow(tables.rooms, roomKey(roomId));
  if (!roomRow) return 'ended';
  const room = roomFromRow(roomId, roomRow);
  // Another delivery of this start may be running it already (FC delivers async invocations at least once).
  const claim = randomUUID();
  if (!(await claimLease(store, tables.rooms, roomId, epoch, claim))) {
    log.info('mixer start already claimed: this delivery stops', { decision: 'mixer', roomId, epoch, exit: 'duplicate' });
    return 'duplicate';
  }
  const output: OutputFormat = room.output;
  let states: SlotState[] = slotStates(options.slots, layoutBoxes(room.layout, 1), output, [], new Map());
  const compositor: Compositor = startCompositor(output, options.slot, states, options.pushUrl);
  const sources = new Map<number, SlotSource>();
  const placeholder = grey(options.slot);
  const silence = Buffer.alloc((AUDIO_RATE / output.fps) * AUDIO_CHANNELS * 2);
  let exit: MixerExit | undefined;
  compositor.exited.then(({ code, stderr }) => {
    if (exit === undefined) log.error('compositor exited', { decision: 'mixer', roomId, epoch, code, stderr: withoutAuthKeys(stderr.slice(-500)) });
    exit ??= 'compositor-died';
  });
  signal?.addEventListener('abort', () => (exit ??= 'stopped'));
  log.info('mixer running', { decision: 'mixer', roomId, epoch, slots: options.slots });

  // The feeder: one frame and 1/fps s of sound per slot per tick, against a clock that catches up missed ticks.
  const start = performance.now();
  let tick = 0;
  const frameMs = 1000 / output.fps;
  let done = false;
  const feed = () => {
    if (exit !== undefined || done) return;
    const due = Math.floor((performance.now() - start) / frameMs);
    for (; tick <= due; tick++) {
      for (let k = 0; k < options.slots; k++) {
        const source = sources.get(k);
        const stalled = !source || source.ended || clock.now() - source.lastFrameAt > (options.holdMs ?? 2000);
        // Sound first: the frame shown is the one that goes with it.
        compositor.audio[k].write(source && !source.ended ? source.buffer.takeAudio() : silence);
        compositor.video[k].write(stalled ? placeholder : (source.buffer.nextFrame() ?? placeholder));
      }
    }
    setTimeout(feed, Math.max(1, start + (tick + 1) * frameMs - performance.now()));
  };
  feed();

  let lastRenew = clock.now();
  let renewDue = 0;
  let lastHealth = clock.now();
  let lastLive = clock.now();
  try {
    while (exit === undefined) {
      const now = clock.now();
      try {
        if (now >= renewDue) {
          if (!(await renewLease(store, tables.rooms, roomId, epoch, claim, now))) {
            exit = 'taken-over';
            break;
          }
          lastRenew = now;
          renewDue = now + LEASE_MS / 3;
        }
        // (Not `exit = await …`: the compositor dying or an abort may set exit meanwhile.)
        const verdict = await follow(now);
        exit ??= verdict;
      } catch (err) {
        if (clock.now() - lastRenew >= (2 * LEASE_MS) / 3) {
          log.logError(err, 'mixer stops: its lease could not be renewed in time', { decision: 'mixer', roomId, epoch });
          exit = 'lease-unrenewable';
          break;
        }
        log.logError(err, 'room read failed: tried again', { decision: 'mixer', roomId, epoch });
      }
      if (exit === undefined) await sleep(options.followMs ?? 500, signal);
    }
  } finally {
    done = true;
    for (const source of sources.values()) source.stop();
    compositor.stop();
    if (exit !== 'taken-over') await releaseLease(store, tables.rooms, roomId, epoch, claim).catch(() => false);
    log.info('mixer stopped', { decision: 'mixer', roomId, epoch, exit });
  }
  return exit ?? 'stopped';

  /** One round: the room's rows read and turned into decoders and commands; an exit when the mixer should stop. */
  async function follow(now: number): Promise<MixerExit | undefined> {
    const progress = compositor.progress();
    if (progress && now - lastHealth >= (options.healthMs ?? 10_000)) {
      lastHealth = now;
      log.info('output health', { decision: 'health', roomId, epoch, frames: progress.frame, fps: progress.fps, speed: progress.speed });
    }
    const row = await store.getRow(tables.rooms, roomKey(roomId));
    if (!row || row.state !== 'OPEN') return 'ended';
    const current = roomFromRow(roomId, row);
    const mics = await readRoomMics(store, tables.mics, roomId);
    const seated = mics.filter((m) => current.slots.get(m.slot) === m.micId);
    // A joined mic is pulled before Live says it is live: Live's publish callback comes 2 s after the publisher connected
    // (https://www.alibabacloud.com/help/doc-detail/54787.htm), so a mic is shown as soon as its stream has pictures.
    reconcileSources(
      sources,
      seated.filter((m) => m.state === 'LIVE' || m.state === 'JOINED'),
      options,
      output.fps,
      now,
    );
    const flowing = (m: Mic) => m.state === 'JOINED' && (sources.get(m.slot)?.lastFrameAt ?? 0) > 0;
    const shown = seated.filter((m) => m.state === 'LIVE' || m.state === 'GONE' || flowing(m));
    if (shown.some((m) => m.state === 'LIVE' || flowing(m))) lastLive = now;
    else if (now - lastLive >= options.idleStopSeconds * 1000) return 'idle';
    const order = [...shown].sort((a, b) => (a.role === b.role ? a.slot - b.slot : a.role === 'host' ? -1 : 1));
    const gains = new Map(shown.map((m) => [m.slot, m.muted ? 0 : m.gain]));
    const next = slotStates(
      options.slots,
      layoutBoxes(current.layout, Math.max(1, order.length)),
      output,
      order.map((m) => m.slot),
      gains,
    );
    const commands = layoutCommands(output, states, next);
    if (commands.length > 0) {
      compositor.command(commands);
      log.info('layout applied', { decision: 'layout', roomId, epoch, mics: order.map((m) => m.micId), commands: commands.length });
    }
    states = next;
    return undefined;
  }
}

/** How long after a decoder of a joined (not yet live) mic ended before the next try: its stream may not be there yet. */
const RETRY_PULL_MS = 500;

function reconcileSources(sources: Map<number, SlotSource>, pulled: Mic[], options: RoomMixerOptions, fps: number, now: number): void {
  for (const [slot, source] of sources) {
    const mic = pulled.find((m) => m.slot === slot);
    const retry = source.ended && (mic?.state === 'LIVE' || now - source.startedAt >= RETRY_PULL_MS);
    // A decoder of a mic no longer pulled here, or one that ended (the stream dropped, or was not there yet): replaced or stopped.
    if (!mic || mic.micId !== source.micId || retry) {
      source.stop();
      sources.delete(slot);
    }
  }
  for (const mic of pulled) {
    if (!sources.has(mic.slot))
      sources.set(mic.slot, new SlotSource(mic.micId, options.pullUrl(mic.micId), options.slot, fps, () => options.clock.now()));
  }
}

/** A mid-grey yuv420p frame: the placeholder of an empty or gone slot. */
function grey(format: SlotFormat): Buffer {
  const luma = format.width * format.height;
  const frame = Buffer.alloc((luma * 3) / 2, 128);
  frame.fill(96, 0, luma);
  return frame;
}

/** Resolves after `ms`, or at once on abort; the abort listener goes with it (a day-long mixer sleeps 170,000 times). */
function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', wake);
      resolve();
    };
    const timer = setTimeout(wake, ms);
    signal?.addEventListener('abort', wake, { once: true });
  });
}
