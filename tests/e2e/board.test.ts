/**
 * The whiteboard's tools in a real browser, one person: drawing, text as text, the pen, resize,
 * marquee multi-select, delete and undo, zoom, SVG and PNG export, and the per-person layout.
 */
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { boardShapes, browserSuite, createRoomInUi, eventually, expectNoErrors, newPerson, screenshot, waitSynced, type Person } from './harness.js';

const T = 60_000;

const suite = browserSuite();
let ines: Person;

beforeAll(async () => {
  ines = await newPerson(suite.browser, 'Ines');
  await createRoomInUi(ines, suite.server.url, 'Board tools');
}, T);

async function canvasBox(page: Page) {
  const box = await page.locator('svg.board-svg').boundingBox();
  if (!box) throw new Error('board not visible');
  return box;
}

async function drag(page: Page, x1: number, y1: number, x2: number, y2: number): Promise<void> {
  await page.mouse.move(x1, y1);
  await page.mouse.down();
  await page.mouse.move((x1 + x2) / 2, (y1 + y2) / 2, { steps: 4 });
  await page.mouse.move(x2, y2, { steps: 4 });
  await page.mouse.up();
}

describe('whiteboard tools', () => {
  it('draws, labels, resizes, multi-selects, deletes, undoes, zooms and exports', async () => {
    const page = ines.page;
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    const c = await canvasBox(page);

    await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
    await drag(page, c.x + 100, c.y + 100, c.x + 260, c.y + 180);
    const [rect] = await eventually(() => boardShapes(page), (s) => expect(s.length).toBe(1));
    expect(rect!.type).toBe('rect');
    expect(rect!.w).toBeCloseTo(160, 0);
    expect(rect!.h).toBeCloseTo(80, 0);

    // Text is stored and drawn as text: markup typed into a label stays characters.
    await page.getByRole('button', { name: 'Text', exact: true }).click();
    await page.mouse.click(c.x + 450, c.y + 140);
    const input = page.getByLabel('Shape label');
    await input.fill('<b>bold?</b> & more');
    await input.press('Enter');
    const text = (await eventually(() => boardShapes(page), (s) => expect(s.find((x) => x.type === 'text')?.label).toBe('<b>bold?</b> & more'))).find(
      (x) => x.type === 'text',
    )!;
    // The board redraws on the next animation frame after the document changes, so the drawn
    // label may trail the stored one by a frame: wait for it.
    await eventually(() => page.locator(`[data-shape-id="${text.id}"] text`).textContent(), (t) => expect(t).toBe('<b>bold?</b> & more'));
    expect(await page.locator('svg.board-svg b').count()).toBe(0);
    // Enter hands the keyboard back to the board itself: Escape drops the new text's selection.
    expect(await page.evaluate(() => document.activeElement?.matches('svg.board-svg'))).toBe(true);
    await page.keyboard.press('Escape');
    expect(await page.locator('rect.handle').count()).toBe(0);

    await page.getByRole('button', { name: 'Pen', exact: true }).click();
    await drag(page, c.x + 120, c.y + 300, c.x + 320, c.y + 360);
    const pen = (await eventually(() => boardShapes(page), (s) => expect(s.some((x) => x.type === 'pen')).toBe(true))).find((x) => x.type === 'pen')!;
    expect(pen.points!.length).toBeGreaterThan(2);
    expect(await page.locator(`[data-shape-id="${pen.id}"] path`).getAttribute('d')).toMatch(/^M/);

    // Select the rectangle and drag its bottom-right handle.
    await page.getByRole('button', { name: 'Select', exact: true }).click();
    await page.mouse.click(c.x + 180, c.y + 140);
    const handle = (await page.locator('rect.handle-se').boundingBox())!;
    await drag(page, handle.x + handle.width / 2, handle.y + handle.height / 2, handle.x + 60, handle.y + 40);
    await eventually(() => boardShapes(page), (s) => expect(s.find((x) => x.id === rect!.id)!.w).toBeGreaterThan(200));

    await screenshot(page, 'board-tools');

    // Marquee around everything, delete, then one undo brings all three back.
    await drag(page, c.x + 20, c.y + 20, c.x + c.width - 20, c.y + c.height - 20);
    await page.keyboard.press('Delete');
    await eventually(() => boardShapes(page), (s) => expect(s.length).toBe(0));
    await page.getByRole('button', { name: 'Undo', exact: true }).click();
    await eventually(() => boardShapes(page), (s) => expect(s.length).toBe(3));

    await page.getByRole('button', { name: 'Zoom in' }).click();
    await eventually(() => page.locator('.zoom-level').textContent(), (t) => expect(t).toBe('120%'));
    await page.getByRole('button', { name: 'Fit', exact: true }).click();

    const [svgDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export SVG' }).click()]);
    expect(svgDownload.suggestedFilename()).toBe('duet-board.svg');
    const svg = readFileSync((await svgDownload.path())!, 'utf8');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('&lt;b&gt;bold?&lt;/b&gt; &amp; more');
    expect(svg).not.toContain('handle');
    const [pngDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export PNG' }).click()]);
    const png = readFileSync((await pngDownload.path())!);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.length).toBeGreaterThan(1000);
    expectNoErrors(ines);
  }, T);

  it('keeps each person’s layout choice across reloads', async () => {
    const page = ines.page;
    await page.getByRole('button', { name: 'Code', exact: true }).click();
    expect(await page.locator('.split-pane.right').isHidden()).toBe(true);
    await page.reload();
    await waitSynced(page);
    expect(await page.locator('.split-pane.right').isHidden()).toBe(true);
    await expect(page.getByRole('button', { name: 'Code', exact: true }).getAttribute('aria-pressed')).resolves.toBe('true');

    await page.getByRole('button', { name: 'Split', exact: true }).click();
    const divider = page.getByRole('separator', { name: 'Resize code and board' });
    await divider.focus();
    const before = Number(await divider.getAttribute('aria-valuenow'));
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    expect(Number(await divider.getAttribute('aria-valuenow'))).toBe(before + 10);
    await page.reload();
    await waitSynced(page);
    expect(Number(await page.getByRole('separator').getAttribute('aria-valuenow'))).toBe(before + 10);
    expectNoErrors(ines);
  }, T);
  it('keeps every shape in sight when the layout narrows, and Escape abandons a drag', async () => {
    const page = ines.page;
    await page.getByRole('button', { name: 'Board', exact: true }).click();
    const c = await canvasBox(page);
    await page.getByRole('button', { name: 'Rectangle', exact: true }).click();
    await drag(page, c.x + c.width - 200, c.y + 60, c.x + c.width - 60, c.y + 140);
    const shapes = await eventually(() => boardShapes(page), (s) => expect(s.length).toBe(4));
    const edge = shapes.find((s) => s.type === 'rect' && s.x > c.width / 2)!;

    await page.getByRole('button', { name: 'Split', exact: true }).click();
    await eventually(
      async () => {
        const canvas = await canvasBox(page);
        const boxes = await Promise.all(shapes.map((s) => page.locator(`[data-shape-id="${s.id}"]`).boundingBox()));
        return { canvas, boxes };
      },
      ({ canvas, boxes }) => {
        expect(canvas.width).toBeLessThan(c.width * 0.75);
        for (const b of boxes) {
          expect(b!.x).toBeGreaterThanOrEqual(canvas.x - 1);
          expect(b!.y).toBeGreaterThanOrEqual(canvas.y - 1);
          expect(b!.x + b!.width).toBeLessThanOrEqual(canvas.x + canvas.width + 1);
          expect(b!.y + b!.height).toBeLessThanOrEqual(canvas.y + canvas.height + 1);
        }
      },
    );

    // Escape while dragging a shape puts it back where it was.
    const box = (await page.locator(`[data-shape-id="${edge.id}"]`).boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(box.x - 100, box.y + 80, { steps: 5 });
    await eventually(() => boardShapes(page), (s) => expect(s.find((x) => x.id === edge.id)!.x).not.toBe(edge.x));
    await page.keyboard.press('Escape');
    await page.mouse.move(box.x - 150, box.y + 120, { steps: 3 });
    await page.mouse.up();
    const after = (await boardShapes(page)).find((x) => x.id === edge.id)!;
    expect([after.x, after.y]).toEqual([edge.x, edge.y]);
    expectNoErrors(ines);
  }, T);
});
