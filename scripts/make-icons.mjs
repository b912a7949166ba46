#!/usr/bin/env node
// Draws the app icons into public/: a deep blue square with a white coin whose face carries a small bank building.
// Dependency-free: shapes are signed distance functions sampled 4×4 per pixel, and the PNGs are written by hand
// (zlib deflate + CRC32, RGBA, filter 0), so no image package is needed. Run `node scripts/make-icons.mjs`
// after changing the design and commit the files it writes.

import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

const PUBLIC_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', 'public');

/** Top and bottom of the background's vertical gradient; the bottom is the manifest's theme colour. */
const BACKGROUND_TOP = [0x27, 0x4b, 0xb0];
const BACKGROUND_BOTTOM = [0x1e, 0x3a, 0x8a];
const MARK = [0xff, 0xff, 0xff];

/**
 * The mark in its own units, centred on 0 with radius 1 (y grows downwards): the rim of a coin, and on its face a
 * pediment, three columns and a plinth.
 */
const RING_OUTER = 1;
const RING_INNER = 0.8;
const ROOF = [
  [0, -0.58],
  [0.58, -0.27],
  [-0.58, -0.27],
];
/** Rectangles as [left, top, right, bottom, corner radius]. */
const BLOCKS = [
  [-0.42, -0.19, -0.26, 0.27, 0.02],
  [-0.08, -0.19, 0.08, 0.27, 0.02],
  [0.26, -0.19, 0.42, 0.27, 0.02],
  [-0.56, 0.34, 0.56, 0.48, 0.03],
];

/**
 * Each icon: its size, the mark's radius as a share of the size, and the corner radius of the background
 * (0 = full bleed). Maskable: the mark (radius 0.25) stays well inside the safe zone, a centred circle of radius 0.4.
 * The Apple touch icon is full bleed because iOS draws its own rounded mask and shows transparency as black.
 */
const ICONS = [
  { file: 'pwa-192x192.png', size: 192, markRadius: 0.3, cornerRadius: 0.22 },
  { file: 'pwa-512x512.png', size: 512, markRadius: 0.3, cornerRadius: 0.22 },
  { file: 'maskable-512x512.png', size: 512, markRadius: 0.25, cornerRadius: 0 },
  { file: 'apple-touch-icon.png', size: 180, markRadius: 0.3, cornerRadius: 0 },
];

for (const icon of ICONS) {
  const png = encodePng(icon.size, icon.size, drawIcon(icon));
  writeFileSync(join(PUBLIC_DIR, icon.file), png);
  console.log(`wrote public/${icon.file} (${icon.size}×${icon.size}, ${png.length} bytes)`);
}
writeFileSync(join(PUBLIC_DIR, 'favicon.svg'), faviconSvg());
console.log('wrote public/favicon.svg');

/**
 * @param {{ size: number, markRadius: number, cornerRadius: number }} icon
 * @returns {Buffer} RGBA pixels, row by row
 */
function drawIcon({ size, markRadius, cornerRadius }) {
  const pixels = Buffer.alloc(size * size * 4);
  const samples = 4;
  for (let row = 0; row < size; row++) {
    for (let column = 0; column < size; column++) {
      let background = 0;
      let mark = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          // Sample position in [0, 1]², then in the mark's units.
          const u = (column + (sx + 0.5) / samples) / size;
          const v = (row + (sy + 0.5) / samples) / size;
          if (roundedSquareDistance(u, v, cornerRadius) > 0) continue;
          background++;
          if (markDistance((u - 0.5) / markRadius, (v - 0.5) / markRadius) <= 0) mark++;
        }
      }
      const total = samples * samples;
      const offset = (row * size + column) * 4;
      // Colours are not premultiplied: the mark lies inside the background, so only the corners are translucent.
      const t = (row + 0.5) / size;
      for (let channel = 0; channel < 3; channel++) {
        const base = mix(at(BACKGROUND_TOP, channel), at(BACKGROUND_BOTTOM, channel), t);
        pixels[offset + channel] = Math.round(mix(base, at(MARK, channel), background ? mark / background : 0));
      }
      pixels[offset + 3] = Math.round((255 * background) / total);
    }
  }
  return pixels;
}

/** Signed distance (negative inside) from (u, v) to the unit square with rounded corners of radius r. */
function roundedSquareDistance(/** @type {number} */ u, /** @type {number} */ v, /** @type {number} */ r) {
  const qx = Math.abs(u - 0.5) - (0.5 - r);
  const qy = Math.abs(v - 0.5) - (0.5 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Signed distance to the mark (union of the ring, the pediment and the blocks), in the mark's units. */
function markDistance(/** @type {number} */ x, /** @type {number} */ y) {
  const radius = Math.hypot(x, y);
  let distance = Math.max(radius - RING_OUTER, RING_INNER - radius);
  distance = Math.min(distance, triangleDistance(x, y, ROOF));
  for (const [left = 0, top = 0, right = 0, bottom = 0, corner = 0] of BLOCKS) {
    const qx = Math.abs(x - (left + right) / 2) - ((right - left) / 2 - corner);
    const qy = Math.abs(y - (top + bottom) / 2) - ((bottom - top) / 2 - corner);
    distance = Math.min(
      distance,
      Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - corner,
    );
  }
  return distance;
}

/** Signed distance to a triangle: the distance to its nearest edge, negative inside. */
function triangleDistance(/** @type {number} */ x, /** @type {number} */ y, /** @type {number[][]} */ corners) {
  let nearest = Infinity;
  let inside = true;
  for (let index = 0; index < corners.length; index++) {
    const [ax = 0, ay = 0] = corners[index] ?? [];
    const [bx = 0, by = 0] = corners[(index + 1) % corners.length] ?? [];
    const ex = bx - ax;
    const ey = by - ay;
    const t = Math.min(Math.max(((x - ax) * ex + (y - ay) * ey) / (ex * ex + ey * ey), 0), 1);
    nearest = Math.min(nearest, Math.hypot(x - ax - ex * t, y - ay - ey * t));
    // The corners run clockwise on screen, so the inside is to the right of every edge.
    if (ex * (y - ay) - ey * (x - ax) < 0) inside = false;
  }
  return inside ? -nearest : nearest;
}

/** The same design as SVG, for the browser tab. */
function faviconSvg() {
  const size = 64;
  const markRadius = 0.3 * size;
  const centre = size / 2;
  const ringRadius = (markRadius * (RING_OUTER + RING_INNER)) / 2;
  const ringWidth = markRadius * (RING_OUTER - RING_INNER);
  const hex = (/** @type {number[]} */ colour) => `#${colour.map((c) => c.toString(16).padStart(2, '0')).join('')}`;
  const number = (/** @type {number} */ value) => Number(value.toFixed(2));
  const toPixels = (/** @type {number} */ value) => number(centre + value * markRadius);
  const roof = ROOF.map(([x = 0, y = 0]) => `${toPixels(x)},${toPixels(y)}`).join(' ');
  const blocks = BLOCKS.map(
    ([left = 0, top = 0, right = 0, bottom = 0, corner = 0]) =>
      `<rect x="${toPixels(left)}" y="${toPixels(top)}" width="${number((right - left) * markRadius)}" ` +
      `height="${number((bottom - top) * markRadius)}" rx="${number(corner * markRadius)}"/>`,
  );
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${size} ${size}">`,
    `<defs><linearGradient id="bg" x1="0" y1="0" x2="0" y2="1">`,
    `<stop offset="0" stop-color="${hex(BACKGROUND_TOP)}"/><stop offset="1" stop-color="${hex(BACKGROUND_BOTTOM)}"/>`,
    `</linearGradient></defs>`,
    `<rect width="${size}" height="${size}" rx="${number(0.22 * size)}" fill="url(#bg)"/>`,
    `<circle cx="${centre}" cy="${centre}" r="${number(ringRadius)}" fill="none" stroke="${hex(MARK)}" ` +
      `stroke-width="${number(ringWidth)}"/>`,
    `<g fill="${hex(MARK)}"><polygon points="${roof}"/>${blocks.join('')}</g>`,
    `</svg>`,
    '',
  ].join('\n');
}

/**
 * @param {number} width
 * @param {number} height
 * @param {Buffer} rgba
 */
function encodePng(width, height, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 6, 0, 0, 0], 8); // 8 bits per channel, colour type 6 (RGBA), deflate, adaptive filters, no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let row = 0; row < height; row++) {
    raw[row * (stride + 1)] = 0; // filter type 0: the row as is
    rgba.copy(raw, row * (stride + 1) + 1, row * stride, (row + 1) * stride);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A PNG chunk: length, type, data, and the CRC32 of type and data. */
function pngChunk(/** @type {string} */ type, /** @type {Buffer} */ data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** CRC-32 as PNG and zlib define it (reflected polynomial 0xEDB88320). */
function crc32(/** @type {Buffer} */ bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc ^= byte;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function mix(/** @type {number} */ from, /** @type {number} */ to, /** @type {number} */ t) {
  return from + (to - from) * t;
}

function at(/** @type {number[]} */ colour, /** @type {number} */ channel) {
  return colour[channel] ?? 0;
}
