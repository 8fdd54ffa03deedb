import { BINARY_FILE_MESSAGE } from './problem-messages.js';

/** Result of decoding a text-format file: the text, or why it is not text. */
export type DecodedText = { ok: true; text: string } | { ok: false; message: string };


const utf8 = new TextDecoder('utf-8', { fatal: true });
const windows1252 = new TextDecoder('windows-1252');

/**
 * Decodes the bytes of a .md/.txt/.csv/.json/.html file to a string with '\n' line endings and no BOM.
 *
 * Accepts UTF-8 (with or without BOM) and UTF-16 with a BOM (Excel's "Unicode text" export).
 * Bytes that are not valid UTF-8 but read as clean Windows-1252 text (no NUL, no control
 * characters) are decoded as Windows-1252: Danish Excel and older Word "save as text" produce
 * exactly that, and rejecting them as binary would be unhelpful. Anything with NUL bytes or
 * control characters is refused with {@link BINARY_FILE_MESSAGE}.
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  const utf16 = decodeUtf16WithBom(bytes);
  if (utf16 !== undefined) return checked(utf16);
  if (bytes.includes(0)) return { ok: false, message: BINARY_FILE_MESSAGE };
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    text = windows1252.decode(bytes);
  }
  return checked(text);
}

function decodeUtf16WithBom(bytes: Uint8Array): string | undefined {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return new TextDecoder('utf-16le').decode(bytes);
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return new TextDecoder('utf-16be').decode(bytes);
  return undefined;
}

/** Refuses text with control characters (a binary blob decoded by accident); normalises BOM and line endings. */
function checked(text: string): DecodedText {
  // Tab, LF, VT, FF and CR are legitimate in text; ESC shows up in some terminal logs, also allowed.
  // C1 controls (U+0080-U+009F) never occur in real text but do when random bytes pass as Windows-1252.
  if (/[\u0000-\u0008\u000e-\u001a\u001c-\u001f\u007f-\u009f]/.test(text)) return { ok: false, message: BINARY_FILE_MESSAGE };
  return { ok: true, text: text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n') };
}
