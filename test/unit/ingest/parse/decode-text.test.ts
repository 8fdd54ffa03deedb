import { describe, expect, it } from 'vitest';
import { decodeText } from '../../../../ingest/parse/decode-text.js';
import { BINARY_FILE_MESSAGE } from '../../../../ingest/parse/problem-messages.js';
import { binaryBlob } from '../../../fixtures/documents/make-fixtures.js';

describe('decodeText', () => {
  it('should decode UTF-8 with Danish letters and drop the BOM when the file has one', () => {
    expect(decodeText(Buffer.from('\uFEFFRød grød med fløde, Århus', 'utf8'))).toEqual({
      ok: true,
      text: 'Rød grød med fløde, Århus',
    });
  });

  it('should normalise CRLF and CR line endings to LF when decoding', () => {
    expect(decodeText(Buffer.from('a\r\nb\rc'))).toEqual({ ok: true, text: 'a\nb\nc' });
  });

  it('should decode Windows-1252 when the bytes are not UTF-8 but clean text', () => {
    expect(decodeText(Buffer.from([0x52, 0xf8, 0x64, 0x20, 0xc6, 0x62, 0x6c, 0x65, 0x20, 0xe5]))).toEqual({
      ok: true,
      text: 'Rød Æble å',
    });
  });

  it('should decode UTF-16 when the file starts with a UTF-16 BOM', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Ærø', 'utf16le')]);
    expect(decodeText(bytes)).toEqual({ ok: true, text: 'Ærø' });
  });

  it('should refuse the bytes when they contain NUL bytes', () => {
    expect(decodeText(Buffer.from('abc\u0000def'))).toEqual({ ok: false, message: BINARY_FILE_MESSAGE });
  });

  it('should refuse the bytes when they are a random binary blob', () => {
    expect(decodeText(binaryBlob(300))).toEqual({ ok: false, message: BINARY_FILE_MESSAGE });
    const withoutNul = binaryBlob(300).map((byte) => (byte === 0 ? 1 : byte));
    expect(decodeText(withoutNul)).toEqual({ ok: false, message: BINARY_FILE_MESSAGE });
  });
});
