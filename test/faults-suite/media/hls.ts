/** Reading the HLS playlists the pipeline wrote: the variants of a master, the segments of a rendition. */

/** URIs of a playlist: its lines that are neither tags nor blank. */
export const playlistUris = (text: string): string[] =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));

/** CODECS of each variant of a master playlist, in order. */
export const variantCodecs = (text: string): string[] =>
  text
    .split('\n')
    .filter((l) => l.startsWith('#EXT-X-STREAM-INF'))
    .map((l) => /CODECS="([^"]*)"/.exec(l)?.[1] ?? '');
