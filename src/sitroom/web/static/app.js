// sitroom dashboard: the only script.
// 1. Marks the span an anchor (#c3) points at, so that a figure's link from the claims board
//    lands on its sentence, highlighted and centred.
// 2. Plays the overview's map and timeline through time: the slider picks a day and shows the
//    week up to it; Play steps through the days.
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

const WEEK_DAYS = 7;
const STEP_MS = 600;

function dayBefore(day, days) {
  const when = new Date(day + "T00:00:00Z");
  when.setUTCDate(when.getUTCDate() - days);
  return when.toISOString().slice(0, 10);
}

function setupPlayer(player) {
  const slider = player.querySelector(".when-slider");
  const label = player.querySelector(".when-label");
  const play = player.querySelector(".play");
  const days = slider.dataset.days.split(",");
  const dated = document.querySelectorAll(".map [data-day], .timeline [data-day]");
  let timer = null;

  function show(index) {
    if (index === null) {
      dated.forEach((el) => el.classList.remove("off"));
      label.textContent = "all " + days[0] + " – " + days[days.length - 1];
      return;
    }
    const last = days[index];
    const first = dayBefore(last, WEEK_DAYS - 1);
    let shown = 0;
    dated.forEach((el) => {
      const day = el.dataset.day;
      const inside = day !== "" && day >= first && day <= last;
      el.classList.toggle("off", !inside);
      if (inside && el.closest(".map")) shown += 1;
    });
    label.textContent = first + " – " + last + " (" + shown + " on the map)";
  }

  function stop() {
    clearInterval(timer);
    timer = null;
    play.textContent = "▶ Play";
  }

  slider.addEventListener("input", () => { stop(); show(Number(slider.value)); });
  player.querySelector(".show-all").addEventListener("click", () => {
    stop();
    slider.value = String(days.length - 1);
    show(null);
  });
  play.addEventListener("click", () => {
    if (timer !== null) { stop(); return; }
    let index = Number(slider.value) >= days.length - 1 ? 0 : Number(slider.value);
    play.textContent = "❚❚ Pause";
    slider.value = String(index);
    show(index);
    timer = setInterval(() => {
      index += 1;
      if (index >= days.length) { stop(); return; }
      slider.value = String(index);
      show(index);
    }, STEP_MS);
  });
}

window.addEventListener("hashchange", markTarget);
window.addEventListener("load", () => {
  markTarget();
  document.querySelectorAll(".player").forEach(setupPlayer);
});
