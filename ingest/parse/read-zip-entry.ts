import { inflateRawSync } from 'node:zlib';

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
/** Entries we read (docProps/core.xml) are a few KB; refuse to inflate more than this. */
const MAX_ENTRY_BYTES = 1024 * 1024;

/**
 * Reads one file out of a zip archive (a DOCX) by exact name, or undefined when the archive has no such
 * entry or cannot be read. Only what DOCX needs: stored or deflated entries, no ZIP64, no encryption.
 * Exists because mammoth does not expose the document's core properties (title, creator, created) and
 * the project has no zip dependency of its own; it never throws.
 */
export function readZipEntry(zip: Uint8Array, name: string): Buffer | undefined {
  try {
    const buffer = Buffer.from(zip.buffer, zip.byteOffset, zip.byteLength);
    const end = findEndOfCentralDirectory(buffer);
    if (end === undefined) return undefined;
    const entries = buffer.readUInt16LE(end + 10);
    let offset = buffer.readUInt32LE(end + 16);
    for (let index = 0; index < entries; index += 1) {
      if (buffer.readUInt32LE(offset) !== CENTRAL_DIRECTORY_ENTRY) return undefined;
      const method = buffer.readUInt16LE(offset + 10);
      const compressedSize = buffer.readUInt32LE(offset + 20);
      const nameLength = buffer.readUInt16LE(offset + 28);
      const extraLength = buffer.readUInt16LE(offset + 30);
      const commentLength = buffer.readUInt16LE(offset + 32);
      const localOffset = buffer.readUInt32LE(offset + 42);
      const entryName = buffer.toString('utf8', offset + 46, offset + 46 + nameLength);
      if (entryName === name) return readLocalEntry(buffer, localOffset, method, compressedSize);
      offset += 46 + nameLength + extraLength + commentLength;
    }
    return undefined;
  } catch {
    return undefined;
  }
}

function findEndOfCentralDirectory(buffer: Buffer): number | undefined {
  const earliest = Math.max(0, buffer.length - 22 - 0xffff);
  for (let offset = buffer.length - 22; offset >= earliest; offset -= 1) {
    if (buffer.readUInt32LE(offset) === END_OF_CENTRAL_DIRECTORY) return offset;
  }
  return undefined;
}

function readLocalEntry(buffer: Buffer, offset: number, method: number, compressedSize: number): Buffer | undefined {
  if (buffer.readUInt32LE(offset) !== LOCAL_FILE_HEADER) return undefined;
  const start = offset + 30 + buffer.readUInt16LE(offset + 26) + buffer.readUInt16LE(offset + 28);
  const data = buffer.subarray(start, start + compressedSize);
  if (method === 0) return data.length <= MAX_ENTRY_BYTES ? data : undefined;
  if (method === 8) return inflateRawSync(data, { maxOutputLength: MAX_ENTRY_BYTES });
  return undefined;
}
