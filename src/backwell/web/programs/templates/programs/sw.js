// backwell's service worker, scoped to /program/: the session player keeps working without a network.
// Pages are fetched from the network first (so online nothing is ever stale) and kept for offline;
// the player's scripts, styles and exercise pictures come from the cache first. Writes (item logs,
// pain) are never handled here: the player queues them and sends them through the API itself.
"use strict";
var VERSION = "{{ version|escapejs }}";
var SHELL = "backwell-shell-" + VERSION;
// The person's own pages (health data): named by an opaque owner id, so another person signing in
// on the same device never sees them, and dropped when nobody is signed in any more.
var PAGES_PREFIX = "backwell-pages-";
var PICTURES = "backwell-pictures-" + VERSION;
var SHELL_URLS = [{% for url in shell %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var PAGES_URL = "{{ pages_url|escapejs }}";
var LOGIN_URL = "{{ login_url|escapejs }}";
var OFFLINE_TITLE = "{{ offline_title|escapejs }}";
var OFFLINE_TEXT = "{{ offline_text|escapejs }}";

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) { return cache.addAll(SHELL_URLS); }).then(function () {
    return self.skipWaiting();
  }));
});

self.addEventListener("activate", function (event) {
  // An earlier release's scripts and pictures go; the person's pages stay until replaced.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return (name.indexOf("backwell-shell-") === 0 && name !== SHELL) ||
             (name.indexOf("backwell-pictures-") === 0 && name !== PICTURES);
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

function dropPages(except) {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PAGES_PREFIX) === 0 && name !== except;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function pagesCache() {
  return caches.keys().then(function (names) {
    var name = names.filter(function (n) { return n.indexOf(PAGES_PREFIX) === 0; })[0];
    return name ? caches.open(name) : null;
  });
}

function signedOut(response) {
  return response.redirected && new URL(response.url).pathname === LOGIN_URL;
}

// A session page names its pictures; keep them with it. HTML escapes & as &amp; in attributes.
function pictureUrls(html) {
  var found = {};
  var pattern = /src="(\/program\/exercise\/[^"]+)"/g;
  var match;
  while ((match = pattern.exec(html)) !== null) { found[match[1].replace(/&amp;/g, "&")] = true; }
  return Object.keys(found);
}

function keepPictures(html) {
  return caches.open(PICTURES).then(function (cache) {
    return Promise.all(pictureUrls(html).map(function (url) {
      return cache.match(url).then(function (hit) { return hit || cache.add(url); });
    }));
  });
}

// Fetch and keep today's and the next few days' sessions, with their pictures.
function keepComingSessions() {
  return fetch(PAGES_URL, { credentials: "same-origin" }).then(function (response) {
    if (signedOut(response) || !response.ok) { return dropPages(null).then(function () { return 0; }); }
    return response.json().then(function (list) {
      var name = PAGES_PREFIX + list.owner;
      return dropPages(name).then(function () { return caches.open(name); }).then(function (cache) {
        return Promise.all(list.pages.map(function (url) {
          return fetch(url, { credentials: "same-origin" }).then(function (page) {
            if (!page.ok || page.redirected) { return null; }
            return page.clone().text().then(function (html) {
              return Promise.all([cache.put(url, page), keepPictures(html)]);
            });
          });
        })).then(function () { return list.pages.length; });
      });
    });
  });
}

self.addEventListener("message", function (event) {
  if (!event.data || event.data.type !== "keep-sessions") { return; }
  var source = event.source;
  event.waitUntil(keepComingSessions().then(function (count) {
    if (source) { source.postMessage({ type: "sessions-kept", count: count }); }
  }, function () {
    if (source) { source.postMessage({ type: "sessions-kept", count: 0 }); }
  }));
});

function offlinePage() {
  var html = "<!doctype html><html><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">" +
    "<title>" + OFFLINE_TITLE + "</title></head><body><main><h1>" + OFFLINE_TITLE + "</h1><p>" + OFFLINE_TEXT +
    "</p></main></body></html>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function page(request) {
  return fetch(request).then(function (response) {
    if (signedOut(response)) { return dropPages(null).then(function () { return response; }); }
    if (response.ok && request.method === "GET") {
      var copy = response.clone();
      // Only a page already kept is refreshed: which pages are kept is the server's list, not browsing.
      pagesCache().then(function (cache) {
        if (!cache) { return; }
        return cache.match(request).then(function (hit) { if (hit) { return cache.put(request, copy); } });
      });
    }
    return response;
  }, function () {
    return pagesCache().then(function (cache) { return cache ? cache.match(request, { ignoreSearch: true }) : null; })
      .then(function (hit) { return hit || offlinePage(); });
  });
}

function fromCacheFirst(request, cacheName) {
  return caches.match(request).then(function (hit) {
    if (hit) { return hit; }
    return fetch(request).then(function (response) {
      if (response.ok && cacheName) {
        var copy = response.clone();
        caches.open(cacheName).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate" && url.pathname.indexOf("/program/") === 0) {
    event.respondWith(page(request));
  } else if (url.pathname.indexOf("/program/exercise/") === 0 && /\.svg$/.test(url.pathname)) {
    event.respondWith(fromCacheFirst(request, PICTURES));
  } else if (SHELL_URLS.indexOf(url.pathname) !== -1) {
    event.respondWith(fromCacheFirst(request, SHELL));
  }
});
