// Makes the program an offline app: registers the service worker (scoped to /program/) and asks it to
// keep today's and the next few days' sessions on this device, then says so on the page.
(function () {
  "use strict";
  var marker = document.getElementById("offline-app");
  if (!marker || !("serviceWorker" in navigator)) { return; }
  var status = document.getElementById("offline-ready");

  navigator.serviceWorker.addEventListener("message", function (event) {
    if (!event.data || event.data.type !== "sessions-kept") { return; }
    document.documentElement.dataset.offlineReady = String(event.data.count);
    if (status && event.data.count > 1) { status.textContent = status.dataset.ready; }
  });

  function keep(registration) {
    var worker = registration.active || navigator.serviceWorker.controller;
    if (worker) { worker.postMessage({ type: "keep-sessions" }); }
  }

  // Offline there is nothing new to fetch: what was kept stays as it is.
  if (!navigator.onLine) { return; }
  navigator.serviceWorker.register(marker.dataset.worker, { scope: marker.dataset.scope })
    .then(function () { return navigator.serviceWorker.ready; })
    .then(keep)
    .catch(function () { /* no offline use in this browser: the pages work online as before */ });
})();
