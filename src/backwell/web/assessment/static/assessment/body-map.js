// Body map: tapping a region on a figure ticks its checkbox, and ticking a box marks the figure.
// Without this script the checkboxes below the figures do the same job.
(function () {
  "use strict";
  document.querySelectorAll("[data-body-map]").forEach(function (map) {
    function boxFor(region) {
      return map.querySelector('input[type="checkbox"][value="' + region + '"]');
    }
    function paint(region, on) {
      map.querySelectorAll('[data-region="' + region + '"]').forEach(function (shape) {
        shape.classList.toggle("selected", on);
      });
    }
    map.querySelectorAll("[data-region]").forEach(function (shape) {
      var box = boxFor(shape.getAttribute("data-region"));
      if (!box) { return; }
      shape.addEventListener("click", function () {
        box.checked = !box.checked;
        box.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
    map.addEventListener("change", function (event) {
      var box = event.target;
      if (box && box.type === "checkbox") { paint(box.value, box.checked); }
    });
    map.querySelectorAll('input[type="checkbox"]').forEach(function (box) { paint(box.value, box.checked); });
  });
})();
