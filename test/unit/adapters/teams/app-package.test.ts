/**
 * `npm run teams:package`: the zip is read back with an independent little reader (central directory, CRCs
 * checked against node's zlib.crc32 when this Node has it), the manifest's required fields are checked, and the
 * icons' sizes are read from their PNG headers.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { buildAppPackage, PLACEHOLDER_BOT_ID } from '../../../../adapters/teams/app-package/build-app-package.js';
import { runTeamsPackageCli } from '../../../../bin/teams-package.js';
import { crc32 } from '../../../../adapters/teams/app-package/crc32.js';
import { manifestProblems } from '../../../../adapters/teams/app-package/manifest.js';

const BOT_ID = '11111111-2222-3333-4444-555555555555';

/** Reads a zip's entries through its central directory. */
function readZip(zip: Buffer): Map<string, Buffer> {
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  const entries = new Map<string, Buffer>();
  for (let i = 0; i < count; i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const crc = zip.readUInt32LE(at + 16);
    const compressedSize = zip.readUInt32LE(at + 20);
    const size = zip.readUInt32LE(at + 24);
    const nameLength = zip.readUInt16LE(at + 28);
    const extraLength = zip.readUInt16LE(at + 30);
    const commentLength = zip.readUInt16LE(at + 32);
    const local = zip.readUInt32LE(at + 42);
    const name = zip.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const start = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const compressed = zip.subarray(start, start + compressedSize);
    const data = method === 8 ? zlib.inflateRawSync(compressed) : compressed;
    expect(data.length).toBe(size);
    const nodeCrc = (zlib as { crc32?: (data: Buffer) => number }).crc32;
    expect(nodeCrc ? nodeCrc(data) : crc32(data)).toBe(crc);
    entries.set(name, data);
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** Width, height and colour type from a PNG's IHDR, plus its decoded RGBA rows. */
function readPng(png: Buffer): { width: number; height: number; colorType: number; alpha: (x: number, y: number) => number; rgb: (x: number, y: number) => number[] } {
  expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  expect(png.subarray(12, 16).toString('ascii')).toBe('IHDR');
  const width = png.readUInt32BE(16);
  const height = png.readUInt32BE(20);
  const idat: Buffer[] = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.subarray(at + 4, at + 8);
    expect(crc32(png.subarray(at + 4, at + 8 + length))).toBe(png.readUInt32BE(at + 8 + length));
    if (type.toString('ascii') === 'IDAT') idat.push(png.subarray(at + 8, at + 8 + length));
    at += 12 + length;
  }
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const offset = (x: number, y: number) => y * (1 + width * 4) + 1 + x * 4;
  return {
    width, height, colorType: png[25]!,
    alpha: (x, y) => raw[offset(x, y) + 3]!,
    rgb: (x, y) => [...raw.subarray(offset(x, y), offset(x, y) + 3)],
  };
}

describe('Teams app package', () => {
  it('should hold a manifest with the required fields, the bot id, all three scopes and Danish commands', () => {
    const built = buildAppPackage({ botId: BOT_ID, version: '1.2.3', websiteUrl: 'https://kraftcenter.example.dk', privacyUrl: 'https://kraftcenter.example.dk/privatliv', termsOfUseUrl: 'https://kraftcenter.example.dk/vilkaar' });
    expect(built.warnings).toEqual([]);
    const files = readZip(built.zip);
    expect([...files.keys()]).toEqual(['manifest.json', 'color.png', 'outline.png']);
    const manifest = JSON.parse(files.get('manifest.json')!.toString('utf8'));
    for (const field of ['$schema', 'manifestVersion', 'version', 'id', 'developer', 'name', 'description', 'icons', 'accentColor', 'bots']) {
      expect(manifest, field).toHaveProperty(field);
    }
    expect(manifestProblems(manifest)).toEqual([]);
    expect(manifest).toMatchObject({ id: BOT_ID, version: '1.2.3', icons: { color: 'color.png', outline: 'outline.png' } });
    expect(manifest.bots[0]).toMatchObject({ botId: BOT_ID, scopes: ['personal', 'team', 'groupChat'] });
    const titles = manifest.bots[0].commandLists[0].commands.map((command: { title: string }) => command.title);
    expect(titles).toContain('Tal med en rådgiver');
    expect(titles).toContain('Hvem har gjort det?');
  });

  it('should hold a 192×192 colour icon and a 32×32 white-on-transparent outline icon', () => {
    const files = readZip(buildAppPackage({ botId: BOT_ID, version: '1.0.0' }).zip);
    const color = readPng(files.get('color.png')!);
    expect([color.width, color.height, color.colorType]).toEqual([192, 192, 6]);
    expect(color.alpha(0, 0)).toBe(255); // full-bleed background
    const outline = readPng(files.get('outline.png')!);
    expect([outline.width, outline.height]).toEqual([32, 32]);
    let opaque = 0;
    for (let y = 0; y < 32; y++) {
      for (let x = 0; x < 32; x++) {
        if (outline.alpha(x, y) > 0) {
          opaque++;
          expect(outline.rgb(x, y)).toEqual([255, 255, 255]);
        }
      }
    }
    expect(outline.alpha(0, 0)).toBe(0);
    expect(opaque).toBeGreaterThan(50);
  });

  it('should flag a missing MICROSOFT_APP_ID loudly and use a placeholder bot id', () => {
    const built = buildAppPackage({ version: '1.0.0' });
    expect((built.manifest.bots as Array<{ botId: string }>)[0]!.botId).toBe(PLACEHOLDER_BOT_ID);
    expect(built.warnings[0]).toMatch(/MICROSOFT_APP_ID is not set.*will NOT work in Teams/);
  });

  it('should refuse an invalid manifest with the list of problems', () => {
    const attempt = () => buildAppPackage({ botId: 'not-a-guid', version: '1.0' });
    expect(attempt).toThrow(/id must be a GUID/);
    expect(attempt).toThrow(/version must be major\.minor\.patch/);
  });

  it('should compute the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('should write the zip where --out says, with the bot id from MICROSOFT_APP_ID', () => {
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'teams-package-')), 'app.zip');
    const log = console.log;
    const error = console.error;
    const lines: string[] = [];
    console.log = (line: string) => void lines.push(line);
    console.error = (line: string) => void lines.push(line);
    try {
      expect(runTeamsPackageCli(['--out', out, '--version', '2.0.0'], { MICROSOFT_APP_ID: BOT_ID, MICROSOFT_APP_PASSWORD: 'secret' })).toBe(0);
    } finally {
      console.log = log;
      console.error = error;
    }
    const manifest = JSON.parse(readZip(fs.readFileSync(out)).get('manifest.json')!.toString('utf8'));
    expect(manifest).toMatchObject({ id: BOT_ID, version: '2.0.0' });
    expect(lines.join('\n')).toContain(`bot-id ${BOT_ID}`);
    expect(lines.join('\n')).toMatch(/placeholder https:\/\/example\.dk/);
  });
});
