import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { tableHtml, tableMarkdown, tableText } from "../../lib/tables/table-view";

const table = {
  columns: ["name", "acc"],
  rows: [
    ["dense", 0.9812],
    ["<script>alert(1)</script>", 0.5],
    ["a|b", null],
  ],
};

describe("table views", () => {
  it("renders escaped HTML with numeric columns right-aligned", () => {
    const html = tableHtml(table, { percent: ["acc"], caption: "A & B" });
    assert.doesNotMatch(html, /<script>/);
    assert.match(html, /<td align="left">&lt;script&gt;alert\(1\)&lt;\/script&gt;<\/td>/);
    assert.match(html, /<td align="right">98\.1%<\/td>/);
    assert.match(html, /<caption>A &amp; B<\/caption>/);
    assert.match(html, /<th align="right">acc<\/th>/);
  });

  it("renders GitHub markdown with HTML and pipes escaped", () => {
    assert.equal(
      tableMarkdown(table),
      [
        "| name | acc |",
        "| :--- | ---: |",
        "| dense | 0.9812 |",
        "| &lt;script&gt;alert(1)&lt;/script&gt; | 0.5 |",
        "| a\\|b |  |",
      ].join("\n"),
    );
  });

  it("renders aligned plain text and notes hidden rows", () => {
    const text = tableText(table, { maxRows: 2 });
    assert.equal(
      text,
      [
        "name                          acc",
        "-------------------------  ------",
        "dense                      0.9812",
        "<script>alert(1)</script>     0.5",
        "… 1 more row",
      ].join("\n"),
    );
    assert.match(tableHtml(table, { maxRows: 1 }), /… 2 more rows/);
  });
});
