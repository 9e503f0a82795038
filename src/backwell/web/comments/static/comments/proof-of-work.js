/* backwell's ALTCHA-protocol solver: finds the number whose SHA digest with the salt matches the
   server's challenge, so the server can tell a person's browser from a bulk spam script.
   Own code (no worker, no injected styles) so it runs under script-src 'self' and style-src 'self'. */
(function () {
  "use strict";

  var encoder = new TextEncoder();
  var EXPIRY_MARGIN_MS = 10000;

  function toHex(buffer) {
    var bytes = new Uint8Array(buffer);
    var out = "";
    for (var i = 0; i < bytes.length; i++) {
      out += (bytes[i] < 16 ? "0" : "") + bytes[i].toString(16);
    }
    return out;
  }

  function expiresAt(challenge) {
    if (!challenge) {
      return 0;
    }
    var match = /[?&]expires=(\d+)/.exec(challenge.salt || "");
    return match ? Number(match[1]) * 1000 : Infinity;
  }

  async function solve(challenge) {
    var algorithm = challenge.algorithm || "SHA-256";
    for (var number = 0; number <= challenge.maxNumber; number++) {
      var digest = await crypto.subtle.digest(algorithm, encoder.encode(challenge.salt + number));
      if (toHex(digest) === challenge.challenge) {
        return number;
      }
    }
    return null;
  }

  function payload(challenge, number) {
    return btoa(JSON.stringify({
      algorithm: challenge.algorithm,
      challenge: challenge.challenge,
      number: number,
      salt: challenge.salt,
      signature: challenge.signature
    }));
  }

  function setup(form) {
    var box = form.querySelector(".pow");
    var input = form.querySelector('input[name="altcha"]');
    var status = box && box.querySelector(".pow-status");
    if (!box || !input || !status) {
      return;
    }
    if (!window.crypto || !crypto.subtle) {
      status.textContent = box.dataset.textFailed;
      return;
    }
    var challenge = box.dataset.challenge ? JSON.parse(box.dataset.challenge) : null;
    var running = null;
    var submitAfter = false;

    function say(text) {
      status.textContent = text;
    }

    function run() {
      input.value = "";
      say(box.dataset.textWorking);
      form.classList.add("pow-working");
      running = solve(challenge).then(function (number) {
        form.classList.remove("pow-working");
        running = null;
        if (number === null) {
          say(box.dataset.textFailed);
          return;
        }
        input.value = payload(challenge, number);
        say(box.dataset.textDone);
        if (submitAfter) {
          submitAfter = false;
          form.requestSubmit();
        }
      });
      return running;
    }

    function refresh() {
      running = fetch(box.dataset.challengeUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("challenge " + response.status);
          }
          return response.json();
        })
        .then(function (fresh) {
          challenge = fresh;
          return run();
        })
        .catch(function () {
          running = null;
          say(box.dataset.textFailed);
        });
      return running;
    }

    form.addEventListener("submit", function (event) {
      var expired = Date.now() > expiresAt(challenge) - EXPIRY_MARGIN_MS;
      if (input.value && !expired) {
        return;
      }
      event.preventDefault();
      submitAfter = true;
      say(box.dataset.textWaiting);
      if (expired && !running) {
        refresh();
      }
    });

    if (Date.now() > expiresAt(challenge) - EXPIRY_MARGIN_MS) {
      refresh();
    } else {
      run();
    }
  }

  document.querySelectorAll("form[data-pow-form]").forEach(setup);
})();
