import { describe, it } from "node:test";
import * as assert from "node:assert/strict";
import { escapeHtml } from "../../lib/viz/escape";

describe("escapeHtml", () => {
  it("neutralises a script tag and attribute breakouts", () => {
    assert.equal(
      escapeHtml(`<script>alert("x")</script>`),
      "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;",
    );
    assert.equal(escapeHtml(`' onmouseover='x`), "&#39; onmouseover=&#39;x");
  });

  it("escapes ampersands first, so entities are not double-decoded", () => {
    assert.equal(escapeHtml("a &lt; b & c"), "a &amp;lt; b &amp; c");
  });

  it("leaves plain text and unicode alone", () => {
    assert.equal(escapeHtml("loss ± std, 12×20"), "loss ± std, 12×20");
  });
});
