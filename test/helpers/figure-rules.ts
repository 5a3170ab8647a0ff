/** The readability rules the committed notebooks' figures are held to (issue 18). */
type Json = Record<string, unknown>;

/** What a reader cannot read in one plotly figure: log axes labelled with plotly's minor digits, heatmaps without a bar. */
export function unreadable(fig: { data?: Json[]; layout?: Json }): string[] {
  const problems: string[] = [];
  for (const [key, axis] of Object.entries(fig.layout ?? {})) {
    if (!/^[xy]axis\d*$/.test(key) || (axis as Json | null)?.type !== "log") continue;
    const a = axis as Json;
    if (!(Array.isArray(a.tickvals) && Array.isArray(a.ticktext)) && typeof a.dtick !== "number") {
      problems.push(`log ${key} without tickvals/ticktext or a numeric dtick`);
    }
  }
  const heatmaps = (fig.data ?? []).filter((t) => t.type === "heatmap");
  const scaleOf = (t: Json) => JSON.stringify([t.colorscale, t.zmin, t.zmax]);
  const shown = new Set(heatmaps.filter((t) => t.showscale !== false).map(scaleOf));
  for (const t of heatmaps) {
    if (!shown.has(scaleOf(t))) problems.push("a heatmap whose colour scale no colour bar shows");
  }
  for (const t of heatmaps.filter((h) => h.showscale !== false)) {
    const title = ((t.colorbar as Json | undefined)?.title as Json | undefined)?.text;
    if (typeof title !== "string" || title === "") problems.push("a colour bar without a title");
  }
  return problems;
}
