// Filters for the claims of the index: verdict, outcome, tag, source and words, kept in the address's query
// (`index.html?outcome=failed`) so that a filtered view can be linked to and survives a reload.
(() => {
  "use strict";
  const form = document.getElementById("filters");
  const shown = document.getElementById("shown");
  const none = document.getElementById("none");
  const claims = Array.from(document.querySelectorAll("article.claim"));
  if (!form || !shown) return;
  const names = ["verdict", "outcome", "tag", "source", "q"];
  const field = (name) => form.elements.namedItem(name);
  const list = (text) => {
    try {
      const value = JSON.parse(text || "[]");
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [];
    }
  };
  const facts = new Map(claims.map((claim) => {
    const parts = Array.from(claim.querySelectorAll(".claim-name, .claim-text, .tags li, .note"))
      .map((element) => element.textContent);
    return [claim, {
      tags: list(claim.dataset.tags),
      sources: list(claim.dataset.sources),
      words: parts.join(" ").toLowerCase().replace(/\s+/g, " "),
    }];
  }));

  function values() {
    const result = {};
    for (const name of names) result[name] = field(name).value;
    return result;
  }

  function apply(remember) {
    const v = values();
    const words = v.q.toLowerCase().split(/\s+/).filter(Boolean);
    let count = 0;
    for (const claim of claims) {
      const f = facts.get(claim);
      const match = (!v.verdict || claim.dataset.verdict === v.verdict)
        && (!v.outcome || claim.dataset.outcome === v.outcome)
        && (!v.tag || f.tags.includes(v.tag))
        && (!v.source || f.sources.includes(v.source))
        && words.every((word) => f.words.includes(word));
      claim.hidden = !match;
      if (match) count += 1;
    }
    const total = claims.length;
    shown.textContent = count === total
      ? `${total} claim${total === 1 ? "" : "s"}`
      : `${count} of ${total} claims shown`;
    if (none) none.hidden = count !== 0;
    if (remember) {
      const query = new URLSearchParams();
      for (const name of names) if (v[name]) query.set(name, v[name]);
      const search = query.toString();
      try {
        history.replaceState(null, "", (search ? `?${search}` : location.pathname) + location.hash);
      } catch (error) {
        // Some browsers refuse to change a file:// address; the filters work all the same.
      }
    }
  }

  const query = new URLSearchParams(location.search);
  for (const name of names) {
    const value = query.get(name);
    if (value === null) continue;
    const element = field(name);
    if (element.tagName === "SELECT" && !Array.from(element.options).some((option) => option.value === value)) continue;
    element.value = value;
  }
  form.hidden = false;
  form.addEventListener("input", () => apply(true));
  form.addEventListener("change", () => apply(true));
  form.addEventListener("submit", (event) => event.preventDefault());
  form.addEventListener("reset", (event) => {
    event.preventDefault();
    for (const name of names) field(name).value = "";
    apply(true);
    field("verdict").focus();
  });
  apply(false);
})();
