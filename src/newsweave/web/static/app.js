// newsweave: progressive enhancement only; every page works without this file.
// Never builds HTML from strings (no innerHTML), never evaluates text: page content is untrusted.
"use strict";

document.addEventListener("keydown", (event) => {
  // "/" focuses the search box, as on most search sites.
  const target = event.target;
  const typing = target instanceof HTMLInputElement || target instanceof HTMLTextAreaElement;
  if (event.key === "/" && !typing) {
    const box = document.querySelector("header input[type=search]");
    if (box) {
      event.preventDefault();
      box.focus();
    }
  }
});

function highlightEntity(name, on) {
  // Light up every mention of the same entity in the article text.
  for (const link of document.querySelectorAll("a.ent")) {
    if (link.dataset.entity === name) {
      link.classList.toggle("lit", on);
    }
  }
}

for (const link of document.querySelectorAll("a.ent")) {
  link.addEventListener("mouseenter", () => highlightEntity(link.dataset.entity, true));
  link.addEventListener("mouseleave", () => highlightEntity(link.dataset.entity, false));
}
