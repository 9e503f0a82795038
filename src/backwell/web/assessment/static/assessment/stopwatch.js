// Stopwatch for the endurance holds: start, stop, and the whole seconds go into the answer field.
// A short spoken-style countdown (3, 2, 1) gives time to get into position. Hidden without JS.
(function () {
  "use strict";
  var COUNTDOWN = 3;
  document.querySelectorAll("[data-stopwatch]").forEach(function (watch) {
    var field = document.getElementById(watch.getAttribute("data-target"));
    var display = watch.querySelector(".stopwatch-time");
    var start = watch.querySelector("[data-stopwatch-start]");
    var stop = watch.querySelector("[data-stopwatch-stop]");
    var status = watch.querySelector("[data-stopwatch-status]");
    var timer = null;
    var startedAt = 0;
    if (!field) { return; }
    watch.hidden = false;

    function seconds() { return Math.floor((Date.now() - startedAt) / 1000); }
    function show(text) { display.textContent = text; }
    function reset() {
      clearInterval(timer);
      timer = null;
      watch.classList.remove("running");
      start.disabled = false;
      stop.disabled = true;
    }

    start.addEventListener("click", function () {
      var left = COUNTDOWN;
      start.disabled = true;
      stop.disabled = false;
      show(String(left));
      status.textContent = start.textContent;
      timer = setInterval(function () {
        left -= 1;
        if (left > 0) { show(String(left)); return; }
        clearInterval(timer);
        startedAt = Date.now();
        watch.classList.add("running");
        show("0 s");
        timer = setInterval(function () { show(seconds() + " s"); }, 250);
      }, 1000);
    });

    stop.addEventListener("click", function () {
      var held = watch.classList.contains("running") ? Math.min(seconds(), 1200) : 0;
      reset();
      show(held + " s");
      field.value = String(held);
      field.dispatchEvent(new Event("change", { bubbles: true }));
      status.textContent = held + " s";
    });
  });
})();
