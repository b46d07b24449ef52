/**
 * A room's mixer (one per room, holding the lease): follows the room's rows, keeps a decoder per live mic,
 * feeds every slot on its own clock (the mic's newest frame, its last one held while it stalls, a grey
 * placeholder when it is gone or the slot is empty; its sound, or silence) into a compositor started once,
 * and turns layout and membership changes into filter commands. It renews the lease every LEASE_MS / 3 and
 * stops when the lease is lost (taken over), the room ends, or no mic has been live for idleStopSeconds.
 * A failed read or write of the room is tried again on the next round while the lease surely still holds;
 * a mixer that could not renew for 2/3 of LEASE_MS stops before the lease lapses, so two never push at once.
 * Before FC's time limit it hands over to a fresh invocation (mixer-handover.ts), which starts its output where
 * this one's timeline ended.
 */
import type { Logger } from '../../shared/log';
import type { Clock, TableStore } from '../../shared/ports';
import { layoutBoxes } from '../layouts';
import { randomUUID } from 'node:crypto';
import { handOverLease, handoverOf, markHandedOver, markReady } from '../mixer-handover';
import { claimLease, LEASE_MS, releaseLease, renewLease } from '../mixer-lease';
import { layoutCommands, slotStates, type OutputFormat, type SlotState } from '../mixer-plan';
import { readRoomMics, roomFromRow, roomKey, type Mic } from '../room-record';
import { AUDIO_CHANNELS, AUDIO_RATE, startCompositor, type Compositor, type SlotFormat } from './compositor';
import { tickSamples } from './slot-buffer';
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
  /** Hand over to a fresh invocation after running this long (FC's timeout less a margin). Default: never. */
  handoverAfterMs?: number;
  /** Starts a mixer invocation for `epoch` (the one handed over to). */
  startNext?(epoch: number): Promise<void>;
  /** How long a started mixer has to claim its lease (the watchdog's start grace). Default 30 s. */
  startGraceMs?: number;
}

/** How long a handover waits on the other side (the new mixer's pictures, the old one's output stopping). */
const HANDOVER_WAIT_MS = 10_000;

export type MixerExit = 'ended' | 'idle' | 'taken-over' | 'lease-unrenewable' | 'compositor-died' | 'stopped' | 'duplicate' | 'handed-over';

export async function runRoomMixer(options: RoomMixerOptions, signal?: AbortSignal): Promise<MixerExit> {
  const { roomId, epoch, store, tables, clock, log } = options;
  const roomRow = await store.getRow(tables.rooms, roomKey(roomId));
  // A start that raced the room's end pushes nothing.
  if (!roomRow || roomRow.state !== 'OPEN') return 'ended';
  const room = roomFromRow(roomId, roomRow);
  // Another delivery of this start may be running it already (FC delivers async invocations at least once).
  const claim = randomUUID();
  // A claim whose answer was lost may have landed: the row says whose it is.
  const claimed = await claimLease(store, tables.rooms, roomId, epoch, claim).catch(async () => {
    return (await store.getRow(tables.rooms, roomKey(roomId)))?.mixerClaim === claim;
  });
  if (!claimed) {
    log.info('mixer start already claimed: this delivery stops', { decision: 'mixer', roomId, epoch, exit: 'duplicate' });
    return 'duplicate';
  }
  const output: OutputFormat = room.output;
  const sources = new Map<number, SlotSource>();
  const startedAt = clock.now();
  let lastLive = startedAt;
  // Taking over from a mixer that hands over: our pictures first, then its output stops, then ours starts on its timeline.
  const incoming = handoverOf(roomRow);
  let tsOffsetMs: number | undefined;
  try {
    if (incoming.from === epoch - 1 && incoming.handedOver === undefined) tsOffsetMs = await takeOver();
  } catch (err) {
    // Its decoders go with it; the lease lapses and the watchdog starts the room again.
    for (const source of sources.values()) source.stop();
    throw err;
  }
  // The compositor starts with the room as it is (a restarted mixer shows the layout at once).
  const first = await plan(clock.now()).catch(() => undefined);
  if (first === 'ended') {
    for (const source of sources.values()) source.stop();
    await releaseLease(store, tables.rooms, roomId, epoch, claim).catch(() => false);
    return 'ended';
  }
  let states: SlotState[] =
    first && typeof first === 'object' ? first.states : slotStates(options.slots, layoutBoxes(room.layout, 1), output, [], new Map());
  const compositor: Compositor = startCompositor(output, options.slot, states, options.pushUrl, tsOffsetMs);
  const placeholder = grey(options.slot);
  const silences = new Map<number, Buffer>();
  const silence = (samples: number) => silences.get(samples) ?? silences.set(samples, Buffer.alloc(samples * AUDIO_CHANNELS * 2)).get(samples)!;
  let exit: MixerExit | undefined;
  compositor.exited.then(({ code, stderr }) => {
    if (exit === undefined) log.error('compositor exited', { decision: 'mixer', roomId, epoch, code, stderr: withoutAuthKeys(stderr.slice(-500)) });
    exit ??= 'compositor-died';
  });
  signal?.addEventListener('abort', () => (exit ??= 'stopped'));
  const shownAtStart = first && typeof first === 'object' ? first.order.map((m) => m.micId) : [];
  log.info('mixer running', { decision: 'mixer', roomId, epoch, slots: options.slots, mics: shownAtStart });

  let lastRenew = clock.now();
  let handingOver: number | undefined;
  // The feeder: one frame and 1/fps s of sound per slot per tick, against a clock that catches up missed ticks.
  const start = performance.now();
  let tick = 0;
  const frameMs = 1000 / output.fps;
  let done = false;
  const feed = () => {
    if (exit !== undefined || done) return;
    const due = Math.floor((performance.now() - start) / frameMs);
    // No renewal for 2/3 of the lease (a Table Store call hanging, say): stop pushing before another mixer may start.
    if (clock.now() - lastRenew >= (2 * LEASE_MS) / 3 && handingOver === undefined) {
      exit ??= 'lease-unrenewable';
      void compositor.kill();
      return;
    }
    for (; tick <= due; tick++) {
      const samples = tickSamples(tick, AUDIO_RATE, output.fps);
      // The compositor a second behind (its encoder below real time): the tick is dropped for every slot, so the slots stay
      // in step and nothing grows in memory (the slot buffers bound what waits). Not before it runs: it reads its inputs in
      // turn while it starts, and would wait on a pipe this left empty.
      if (compositor.progress() && compositor.video.some((pipe) => pipe.writableLength > output.fps * placeholder.length)) continue;
      for (let k = 0; k < options.slots; k++) {
        const source = sources.get(k);
        const stalled = !source || source.ended || clock.now() - source.lastFrameAt > (options.holdMs ?? 2000);
        // Sound first: the frame shown is the one that goes with it.
        compositor.audio[k].write(source && !source.ended ? source.buffer.takeAudio(samples) : silence(samples));
        compositor.video[k].write(stalled ? placeholder : (source.buffer.nextFrame() ?? placeholder));
      }
    }
    setTimeout(feed, Math.max(1, start + (tick + 1) * frameMs - performance.now()));
  };
  feed();

  let renewDue = 0;
  let lastHealth = clock.now();
  let nextStarted = false;
  const graceMs = options.startGraceMs ?? 30_000;
  try {
    while (exit === undefined) {
      const now = clock.now();
      try {
        if (handingOver === undefined && options.startNext && options.handoverAfterMs !== undefined && now - startedAt >= options.handoverAfterMs) {
          // A move whose answer was lost may have landed: the row says.
          const moved = await handOverLease(store, tables.rooms, roomId, epoch, claim, now, graceMs).catch(async () => {
            const row = await store.getRow(tables.rooms, roomKey(roomId));
            return row?.mixerEpoch === epoch + 1 && row?.handoverFrom === epoch;
          });
          if (moved) {
            handingOver = now;
            log.info('mixer hands over to a fresh invocation', { decision: 'mixer', roomId, epoch, next: epoch + 1 });
          }
        }
        if (handingOver !== undefined) {
          // The lease is the next mixer's: this one only keeps the output going until the next one has its pictures.
          if (!nextStarted)
            nextStarted = await options.startNext!(epoch + 1).then(
              () => true,
              () => false,
            );
          const row = await store.getRow(tables.rooms, roomKey(roomId));
          const ready = handoverOf(row).ready === epoch + 1;
          // The next one may push only once this one said it stopped: waiting longer costs nothing but its start grace.
          if (ready || now - handingOver >= graceMs || row?.state !== 'OPEN') exit = 'handed-over';
          else await sleep(50, signal);
          continue;
        }
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
    if (exit === 'handed-over') {
      // Our publisher must be gone before the next one connects (Live refuses a second publisher of a stream).
      await compositor.kill();
      // Where this output's timeline ended: its own start (a mixer that took over) plus what it put out.
      await markHandedOver(store, tables.rooms, roomId, epoch, (tsOffsetMs ?? 0) + tick * frameMs).catch(() => false);
    } else compositor.stop();
    if (exit !== 'taken-over' && exit !== 'handed-over') await releaseLease(store, tables.rooms, roomId, epoch, claim).catch(() => false);
    log.info('mixer stopped', { decision: 'mixer', roomId, epoch, exit });
  }
  return exit ?? 'stopped';

  /** The incoming side of a handover: decoders for the live mics, ready when they have pictures, then the old output's end. */
  async function takeOver(): Promise<number | undefined> {
    await plan(clock.now()).catch(() => undefined);
    const until = clock.now() + HANDOVER_WAIT_MS / 2;
    while ([...sources.values()].some((s) => s.lastFrameAt === 0 && !s.ended) && clock.now() < until) await sleep(50, signal);
    if (!(await markReady(store, tables.rooms, roomId, epoch, claim))) throw new Error(`room ${roomId}: epoch ${epoch} is no longer this mixer's`);
    const stopped = clock.now() + HANDOVER_WAIT_MS;
    for (;;) {
      const handover = handoverOf(await store.getRow(tables.rooms, roomKey(roomId)));
      if (handover.handedOver === epoch - 1) {
        log.info('mixer took over', { decision: 'mixer', roomId, epoch, from: epoch - 1, atMs: handover.tsMs });
        return handover.tsMs;
      }
      if (clock.now() >= stopped) return undefined;
      await sleep(50, signal);
    }
  }

  /** The room's rows read: decoders for the mics pulled, and the slot states the mics shown should have. */
  async function plan(now: number): Promise<{ states: SlotState[]; order: Mic[] } | 'ended' | 'idle'> {
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
    const boxes = layoutBoxes(current.layout, Math.max(1, order.length));
    return {
      states: slotStates(
        options.slots,
        boxes,
        output,
        order.map((m) => m.slot),
        gains,
      ),
      order,
    };
  }

  /** One round: the room's rows turned into decoders and commands; an exit when the mixer should stop. */
  async function follow(now: number): Promise<MixerExit | undefined> {
    const progress = compositor.progress();
    if (progress && now - lastHealth >= (options.healthMs ?? 10_000)) {
      lastHealth = now;
      log.info('output health', { decision: 'health', roomId, epoch, frames: progress.frame, fps: progress.fps, speed: progress.speed });
    }
    const planned = await plan(now);
    if (typeof planned === 'string') return planned;
    const commands = layoutCommands(output, states, planned.states);
    if (commands.length > 0) {
      compositor.command(commands);
      log.info('layout applied', { decision: 'layout', roomId, epoch, mics: planned.order.map((m) => m.micId), commands: commands.length });
    }
    states = planned.states;
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
