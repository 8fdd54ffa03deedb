/**
 * CRC-32 (IEEE 802.3, the polynomial zip and PNG use), with the usual 256-entry table. `zlib.crc32` only exists
 * from Node 20.15 / 22.2, so the packager does not rely on it.
 */

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/**
 * The CRC-32 of `data` (optionally continuing from `previous`).
 * @example crc32(Buffer.from('123456789')) === 0xcbf43926
 */
export function crc32(data: Uint8Array, previous = 0): number {
  let crc = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) crc = TABLE[(crc ^ data[i]!) & 0xff]! ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}
