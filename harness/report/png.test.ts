// The PNG charts (png.ts): the same specs as the HTML drawn on node-canvas, at 2× scale, on white, not blank.
import { createCanvas, loadImage } from 'canvas';
import { describe, expect, it } from 'vitest';
import { buildCharts } from './charts.js';
import { fixture } from './fixtures/load-fixture.js';
import { renderPngs } from './png.js';

describe('PNG charts', () => {
  it('draws every chart at 2× scale on a white background, not blank', async () => {
    const r = fixture();
    const pngs = renderPngs(r, { width: 640, height: 400 });
    expect(pngs.map((p) => p.file)).toEqual(buildCharts(r).map((c) => `charts/${c.id}.png`));
    for (const p of pngs) {
      const img = await loadImage(p.png);
      expect([img.width, img.height], p.id).toEqual([1280, 800]);
      const canvas = createCanvas(img.width, img.height);
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const { data } = ctx.getImageData(0, 0, img.width, img.height);
      let ink = 0;
      for (let i = 0; i < data.length; i += 4) if ((data[i] ?? 255) < 200 || (data[i + 1] ?? 255) < 200 || (data[i + 2] ?? 255) < 200) ink++;
      expect(ink / (img.width * img.height), `${p.id} has ink`).toBeGreaterThan(0.01);
      // The corner is the background plugin's opaque white, not transparency.
      expect([...data.slice(0, 4)], p.id).toEqual([255, 255, 255, 255]);
    }
  });
});
