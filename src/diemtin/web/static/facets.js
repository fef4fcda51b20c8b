// Facets of a large search are counted after the page is shown: fetch them and put them in
// place of the placeholder. Without JavaScript the placeholder's link shows them instead.
"use strict";
document.querySelectorAll("aside[data-facets]").forEach(async (aside) => {
  try {
    const response = await fetch(aside.dataset.facets, { credentials: "same-origin" });
    if (!response.ok) {
      return;
    }
    const holder = document.createElement("div");
    holder.innerHTML = await response.text();
    const facets = holder.querySelector("aside.facets");
    if (facets) {
      aside.replaceWith(facets);
    }
  } catch (error) {
    // Keep the placeholder and its link.
  }
});
