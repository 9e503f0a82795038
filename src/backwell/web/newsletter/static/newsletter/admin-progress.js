/* Keeps the progress bar in the admin current while it is being sent. */
(function () {
  "use strict";
  var box = document.querySelector(".issue-progress[data-progress-url]");
  if (!box || box.dataset.status !== "sending") {
    return;
  }
  var bar = box.querySelector("progress");
  var text = box.querySelector(".issue-progress-text");
  function poll() {
    fetch(box.dataset.progressUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        bar.max = data.total || 1;
        bar.value = data.sent;
        text.textContent = data.text;
        if (data.status === "sending") {
          window.setTimeout(poll, 2000);
        }
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
