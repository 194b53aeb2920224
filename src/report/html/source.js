// Emphasizes every piece of the passage the address points at (`#p120-188`): a passage that overlaps others
// is cut into several marks, which one anchor cannot style.
(() => {
  "use strict";
  function emphasize() {
    for (const mark of document.querySelectorAll("mark.current")) mark.classList.remove("current");
    const id = decodeURIComponent(location.hash.slice(1));
    if (!/^p\d+-\d+$/.test(id)) return;
    for (const mark of document.querySelectorAll("mark[data-p]")) {
      if (mark.dataset.p.split(" ").includes(id)) mark.classList.add("current");
    }
  }
  window.addEventListener("hashchange", emphasize);
  emphasize();
})();
