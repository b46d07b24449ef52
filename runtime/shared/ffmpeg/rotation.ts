/**
 * The orientation a player shows a video stream in. Phones store portrait video as landscape
 * frames plus a rotation: ffprobe ≤ 4 reports it as the stream tag `rotate` (clockwise degrees)
 * and every version reports the display matrix side data, whose `rotation` is
 * av_display_rotation_get(): counter-clockwise degrees (libavutil/display.h). ffmpeg turns the
 * frames itself before filtering (autorotate, on by default), so what it encodes has the displayed
 * size. Like ffmpeg's get_rotation() (fftools/cmdutils.c), the matrix wins over the tag; only
 * quarter turns change the size (other angles are rotated within the frame).
 */

export interface RotationSources {
  tags?: { rotate?: string };
  side_data_list?: Array<{ side_data_type?: string; rotation?: number }>;
}

/** Clockwise degrees, 0 to 359, by which a player turns the stored frames. */
export function clockwiseRotation(stream: RotationSources): number {
  const matrix = stream.side_data_list?.find((d) => d.side_data_type === 'Display Matrix' && typeof d.rotation === 'number');
  const degrees = matrix ? -matrix.rotation! : Number(stream.tags?.rotate ?? 0);
  if (!Number.isFinite(degrees)) return 0;
  return (((Math.round(degrees) % 360) + 360) % 360);
}

/** The displayed size of frames stored as width x height and turned clockwise by `rotation`. */
export function displayedSize(width: number, height: number, rotation: number): { width: number; height: number } {
  return rotation === 90 || rotation === 270 ? { width: height, height: width } : { width, height };
}
