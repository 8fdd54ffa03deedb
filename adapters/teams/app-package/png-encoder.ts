/**
 * A minimal PNG encoder (8-bit RGBA, no interlacing, filter 0) on node:zlib, enough for the Teams app icons.
 * @see https://www.w3.org/TR/png-3/
 */
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.js';

/** An RGBA colour, each channel 0-255. */
export type Rgba = readonly [number, number, number, number];

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'ascii');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/**
 * Encodes a `width`×`height` image whose pixels come from `pixel(x, y)`.
 * @example encodePng(32, 32, () => [255, 255, 255, 0]) // a transparent 32×32 PNG
 */
export function encodePng(width: number, height: number, pixel: (x: number, y: number) => Rgba): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type 6 (RGBA), deflate, filter method 0, no interlace
  const raw = Buffer.alloc(height * (1 + width * 4));
  for (let y = 0; y < height; y++) {
    const row = y * (1 + width * 4); // each row starts with its filter type byte (0 = none)
    for (let x = 0; x < width; x++) raw.set(pixel(x, y).map((channel) => Math.round(channel)), row + 1 + x * 4);
  }
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}
