/** A room mixer's own ffmpeg processes on this machine: its compositor (slot pipes) and decoders (read timeout), not the mics'. */
export function isMixerProcess(roomId: string): (cmdline: string) => boolean {
  return (cmdline) => cmdline.includes(roomId) && (cmdline.includes('async:pipe:') || cmdline.includes('-rw_timeout'));
}
