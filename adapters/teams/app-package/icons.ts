/**
 * The Teams app icons, drawn in code so the package needs no binary files: a white "K" on the centre's blue for
 * the 192×192 colour icon, and the same "K" in white on transparent for the 32×32 outline icon (Teams' rules).
 * @see https://learn.microsoft.com/microsoftteams/platform/concepts/build-and-test/apps-package#app-icons
 */
import { encodePng, type Rgba } from './png-encoder.js';

/** The colour icon's background, also the manifest's `accentColor`. */
export const ACCENT_COLOR = '#1F4E79';

/** The "K": three strokes in a unit square (x1, y1, x2, y2). */
const STROKES: Array<[number, number, number, number]> = [
  [0.33, 0.22, 0.33, 0.78],
  [0.36, 0.54, 0.7, 0.22],
  [0.45, 0.45, 0.72, 0.78],
];

function distanceToSegment(px: number, py: number, [x1, y1, x2, y2]: [number, number, number, number]): number {
  const dx = x2 - x1;
  const dy = y2 - y1;
  const t = Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (x1 + t * dx), py - (y1 + t * dy));
}

/** Share (0..1) of pixel (x, y) of a size×size image covered by the "K", from 4×4 samples. */
function coverage(x: number, y: number, size: number, strokeWidth: number): number {
  let inside = 0;
  for (let sy = 0; sy < 4; sy++) {
    for (let sx = 0; sx < 4; sx++) {
      const px = (x + (sx + 0.5) / 4) / size;
      const py = (y + (sy + 0.5) / 4) / size;
      if (STROKES.some((stroke) => distanceToSegment(px, py, stroke) <= strokeWidth / 2)) inside++;
    }
  }
  return inside / 16;
}

const hex = (color: string): [number, number, number] => [1, 3, 5].map((at) => parseInt(color.slice(at, at + 2), 16)) as [number, number, number];

/** The 192×192 colour icon: full-bleed accent background, white "K". */
export function colorIcon(): Buffer {
  const [r, g, b] = hex(ACCENT_COLOR);
  return encodePng(192, 192, (x, y): Rgba => {
    const k = coverage(x, y, 192, 0.11);
    return [r + (255 - r) * k, g + (255 - g) * k, b + (255 - b) * k, 255];
  });
}

/** The 32×32 outline icon: white only, transparent elsewhere (the alpha channel carries the anti-aliasing). */
export function outlineIcon(): Buffer {
  return encodePng(32, 32, (x, y): Rgba => [255, 255, 255, 255 * coverage(x, y, 32, 0.13)]);
}
