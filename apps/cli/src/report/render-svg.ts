import { ToolkitError } from '@causal-tune/core';
import { View, parse } from 'vega';
import { compile } from 'vega-lite';
import type { TopLevelSpec } from 'vega-lite';

/**
 * Renders a vega-lite spec to an SVG document in Node: vega-lite compiles it to vega, and a
 * headless `vega.View` (`renderer: 'none'`) draws it with `toSVG()`. No browser, no canvas.
 */
export async function renderChartSvg(spec: TopLevelSpec): Promise<string> {
  let view: View | undefined;
  try {
    view = new View(parse(compile(spec).spec), { renderer: 'none' });
    return await view.toSVG();
  } catch (cause) {
    const title = typeof spec.title === 'string' ? spec.title : 'untitled';
    throw new ToolkitError('ARTIFACT_WRITE_FAILED', `Could not render the chart '${title}': ${(cause as Error).message}`, { cause });
  } finally {
    view?.finalize();
  }
}
