// sitroom dashboard: the only script. Marks the span an anchor (#c3) points at, so that a
// figure's link from the claims board lands on its sentence, highlighted and centred.
"use strict";

function markTarget() {
  document.querySelectorAll(".current").forEach((el) => el.classList.remove("current"));
  const id = decodeURIComponent(window.location.hash.slice(1));
  if (!id) return;
  const target = document.getElementById(id);
  if (!target) return;
  target.classList.add("current");
  target.scrollIntoView({ block: "center" });
}

window.addEventListener("hashchange", markTarget);
window.addEventListener("load", markTarget);
