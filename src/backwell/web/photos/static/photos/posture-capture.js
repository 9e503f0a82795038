// The upload form: refuse too-large selections before sending, and say that analysis is running.
(function () {
  "use strict";
  var form = document.querySelector("form.posture-upload");
  if (!form) return;
  var status = form.querySelector(".upload-status");
  var button = form.querySelector("button[type=submit]");
  var limit = parseInt(form.dataset.maxBytes, 10) || 0;

  function selectedBytes() {
    var total = 0;
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files || [], function (file) { total += file.size; });
    });
    return total;
  }

  function check() {
    if (limit && selectedBytes() > limit) {
      status.textContent = form.dataset.tooBig;
      return false;
    }
    status.textContent = "";
    return true;
  }

  form.addEventListener("change", check);
  form.addEventListener("submit", function (event) {
    if (!check()) {
      event.preventDefault();
      return;
    }
    status.textContent = form.dataset.working;
    // Disabled after the submit has started, so the browser still sends the form once.
    window.setTimeout(function () { button.disabled = true; }, 0);
  });
})();
