/**
 * Driving classic Notebook 6 in headless Chromium for browser tests: open a notebook, and check that a plotly
 * figure answers the mouse (a hover label appears; a drag zooms the x axis).
 */
import type { Page } from "playwright-core";

/** The page's `Jupyter.notebook`, as far as these tests read it. */
type NotebookGlobal = { Jupyter?: { notebook?: { _fully_loaded?: boolean; trusted?: boolean } } };

/**
 * Opens a notebook and waits until Notebook 6 has loaded every cell.
 *
 * @returns whether Notebook considers it trusted.
 */
export async function openNotebook(page: Page, url: string): Promise<boolean> {
  await page.goto(url, { waitUntil: "domcontentloaded" });
  await page.waitForFunction(
    () => (window as NotebookGlobal).Jupyter?.notebook?._fully_loaded === true,
    null,
    {
      timeout: 60_000,
    },
  );
  return page.evaluate(() => (window as NotebookGlobal).Jupyter?.notebook?.trusted === true);
}

type PlotElement = HTMLElement & { _fullLayout?: { xaxis?: { range?: number[] } } };

/**
 * Waits for the first interactive plotly figure, then moves the mouse across it until a hover label shows,
 * and drags across its middle to zoom.
 *
 * @returns whether a hover label appeared and whether the drag changed the x-axis range.
 */
export async function probeFigure(page: Page): Promise<{ hovered: boolean; zoomed: boolean }> {
  const plot = page.locator(".js-plotly-plot").first();
  await plot.waitFor({ state: "visible", timeout: 30_000 });
  await plot.scrollIntoViewIfNeeded();
  const box = await plot.boundingBox();
  if (!box) return { hovered: false, zoomed: false };
  let hovered = false;
  for (let fx = 0.15; fx < 0.9 && !hovered; fx += 0.05) {
    for (const fy of [0.5, 0.35, 0.65]) {
      await page.mouse.move(box.x + box.width * fx, box.y + box.height * fy);
      await page.waitForTimeout(60);
      hovered = await page.evaluate(() => document.querySelectorAll(".hoverlayer .hovertext").length > 0);
      if (hovered) break;
    }
  }
  const range = () => plot.evaluate((el) => JSON.stringify((el as PlotElement)._fullLayout?.xaxis?.range));
  const before = await range();
  await page.mouse.move(box.x + box.width * 0.35, box.y + box.height * 0.5);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, box.y + box.height * 0.5, { steps: 8 });
  await page.mouse.up();
  await page.waitForTimeout(300);
  return { hovered, zoomed: (await range()) !== before };
}
