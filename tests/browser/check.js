// What the browser test reads out of a page of the HTML report, as rendered by Chromium: the DOM after the
// page's own script ran, styles applied. Evaluated through the DevTools protocol (not subject to the page's
// Content Security Policy); defines `window.factcheckCheck`, whose functions return plain JSON for the Rust
// test to compare with what the library says the report must show.
(() => {
  "use strict";

  const visible = (element) =>
    element.getClientRects().length > 0 && getComputedStyle(element).visibility !== "hidden";

  // WCAG 2 contrast of every visible piece of text against the backgrounds behind it.
  const parse = (color) => {
    const match = /rgba?\(([^)]+)\)/.exec(color);
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { r: parts[0], g: parts[1], b: parts[2], a: parts.length > 3 ? parts[3] : 1 };
  };
  const over = (top, bottom) => ({
    r: top.r * top.a + bottom.r * (1 - top.a),
    g: top.g * top.a + bottom.g * (1 - top.a),
    b: top.b * top.a + bottom.b * (1 - top.a),
    a: 1,
  });
  const luminance = ({ r, g, b }) => {
    const channel = (value) => {
      const v = value / 255;
      return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    };
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b);
  };
  const background = (element) => {
    const chain = [];
    for (let e = element; e; e = e.parentElement) chain.unshift(e);
    let color = { r: 255, g: 255, b: 255, a: 1 };
    for (const e of chain) {
      const own = parse(getComputedStyle(e).backgroundColor);
      if (own && own.a > 0) color = over(own, color);
    }
    return color;
  };
  const contrastProblems = () => {
    const problems = [];
    const seen = new Set();
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    while (walker.nextNode()) {
      const node = walker.currentNode;
      const element = node.parentElement;
      if (!node.textContent.trim() || !element || seen.has(element)) continue;
      seen.add(element);
      const box = element.getBoundingClientRect();
      if (!visible(element) || box.width <= 1 || box.height <= 1) continue; // visually hidden text
      const style = getComputedStyle(element);
      const back = background(element);
      const fore = over(parse(style.color), back);
      const [light, dark] = [luminance(fore), luminance(back)].sort((a, b) => b - a);
      const ratio = (light + 0.05) / (dark + 0.05);
      if (ratio < 4.5) {
        problems.push(`${ratio.toFixed(2)}:1 for "${node.textContent.trim().slice(0, 40)}" (${style.color} on ${JSON.stringify(back)})`);
      }
    }
    return problems;
  };

  const layout = () => ({
    overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
    scrollWidth: document.documentElement.scrollWidth,
    innerWidth: window.innerWidth,
    contrast: contrastProblems(),
  });

  const focused = () => {
    const element = document.activeElement;
    const style = getComputedStyle(element);
    const box = element.getBoundingClientRect();
    return {
      id: element.id,
      tag: element.tagName.toLowerCase(),
      className: element.className,
      outline: `${style.outlineStyle} ${style.outlineWidth}`,
      onScreen: box.bottom > 0 && box.top < window.innerHeight && box.right > 0 && box.left < window.innerWidth,
      hash: location.hash,
    };
  };

  const claims = () => Array.from(document.querySelectorAll("article.claim"));
  const shownNames = () => claims().filter(visible).map((claim) => claim.dataset.name);
  const texts = (root, selector) => Array.from(root.querySelectorAll(selector)).map((e) => e.textContent);
  const hrefs = (root, selector) => Array.from(root.querySelectorAll(selector)).map((a) => a.getAttribute("href"));

  const index = () => ({
    title: document.title,
    filtersVisible: visible(document.getElementById("filters")),
    shown: shownNames(),
    status: document.getElementById("shown").textContent,
    search: location.search,
    claims: claims().map((claim) => ({
      name: claim.dataset.name,
      id: claim.id,
      verdict: claim.dataset.verdict,
      outcome: claim.dataset.outcome,
      text: claim.querySelector(".claim-text").textContent,
      verdictBadge: claim.querySelector(".badge.verdict").textContent,
      outcomeBadge: claim.querySelector(".badge.outcome").textContent,
      tags: texts(claim, ".tags li"),
      note: claim.querySelector(".note") ? claim.querySelector(".note").textContent : null,
      links: hrefs(claim, ".evidence a.passage-link"),
      failures: Array.from(claim.querySelectorAll(".failure")).map((failure) => ({
        title: failure.querySelector("h4").textContent,
        message: failure.querySelector(".message").textContent,
        removed: texts(failure, "del"),
        added: texts(failure, "ins"),
        links: hrefs(failure, "a.passage-link"),
      })),
    })),
    sources: hrefs(document, "#sources a"),
    layout: layout(),
  });

  // Sets the filters as a person would (each control, then its change event) and reports what is shown.
  const filter = (values) => {
    const form = document.getElementById("filters");
    for (const name of ["verdict", "outcome", "tag", "source", "q"]) {
      const element = form.elements.namedItem(name);
      const value = values[name] || "";
      if (element.value !== value) {
        element.value = value;
        element.dispatchEvent(new Event(name === "q" ? "input" : "change", { bubbles: true }));
      }
    }
    return { shown: shownNames(), status: document.getElementById("shown").textContent, search: location.search };
  };

  const reset = () => {
    document.querySelector('#filters button[type="reset"]').click();
    return { shown: shownNames(), status: document.getElementById("shown").textContent, search: location.search };
  };

  const source = () => {
    const text = document.getElementById("text");
    const passages = {};
    for (const mark of text.querySelectorAll("mark[data-p]")) {
      for (const id of mark.dataset.p.split(" ")) {
        const passage = passages[id] || (passages[id] = { text: "", classes: [] });
        passage.text += mark.textContent;
        for (const name of mark.classList) if (!passage.classes.includes(name)) passage.classes.push(name);
      }
    }
    const excluded = {};
    for (const span of text.querySelectorAll(".excluded[data-regions]")) {
      for (const id of span.dataset.regions.split(" ")) {
        const region = excluded[id] || (excluded[id] = { text: "" });
        region.text += span.textContent;
      }
    }
    const copy = text.cloneNode(true);
    for (const added of copy.querySelectorAll(".ref, .excluded-label")) added.remove();
    return {
      title: document.title,
      heading: document.querySelector("h1").textContent,
      meta: Object.fromEntries(Array.from(document.querySelectorAll(".meta div")).map((row) =>
        [row.querySelector("dt").textContent, row.querySelector("dd").textContent])),
      metaLinks: hrefs(document, ".meta a"),
      fullText: copy.textContent,
      anchors: Array.from(text.querySelectorAll(".anchor")).map((anchor) => anchor.id),
      refs: hrefs(text, "a.ref"),
      passages,
      excluded,
      labels: Object.fromEntries(Array.from(text.querySelectorAll(".excluded-label[data-region]"))
        .map((label) => [label.dataset.region, label.textContent])),
      citations: Array.from(document.querySelectorAll("#passages li.passage")).map((item) => ({
        id: item.id,
        back: item.querySelector("p a").getAttribute("href"),
        claims: hrefs(item, "a.claim-link"),
      })),
      current: Array.from(text.querySelectorAll("mark.current")).map((mark) => mark.dataset.p),
      layout: layout(),
    };
  };

  window.factcheckCheck = { index, filter, reset, source, focused, layout };
})();
