/**
 * cbor-x's decoder without `new Function` (smaller: the indexer bundle does not carry the encoder
 * or the record-structure compiler). Its package exports it with the decoder's own types, which a
 * CommonJS build's module resolution does not follow.
 */
declare module 'cbor-x/decode-no-eval' {
  export { decode, Decoder } from 'cbor-x';
}
