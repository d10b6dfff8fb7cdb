// Lakelab service worker: makes the whole app work offline.
// scripts/post_build.py fills in the two placeholders at build time.
'use strict';

const BUILD_ID = '__LAKELAB_BUILD_ID__';
// Every file of the build, relative to this script ("./" is index.html).
const PRECACHE = __LAKELAB_PRECACHE__;
const CACHE = `lakelab-${BUILD_ID}`;

// Resolve against this worker's own URL, so the app works under any sub-path (/lakelab/...).
const INDEX_URL = new URL('./', self.location.href).href;

self.addEventListener('install', (event) => {
  // cache: 'reload' bypasses the HTTP cache so the precache holds exactly this build.
  // No skipWaiting here: a new version waits until the page asks (see 'message').
  event.waitUntil(
    caches.open(CACHE).then((cache) =>
      cache.addAll(PRECACHE.map((url) => new Request(new URL(url, self.location.href), { cache: 'reload' })))
    )
  );
});

self.addEventListener('message', (event) => {
  // The page posts this when the user presses "Reload to update".
  if (event.data && event.data.type === 'SKIP_WAITING') self.skipWaiting();
});

self.addEventListener('activate', (event) => {
  // Drop the caches of older builds, then take control of open pages.
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('lakelab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim())
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;

  if (request.mode === 'navigate') {
    // Network first (a fresh index.html / 404.html), else the cached app shell: every deep link
    // is the same single-page app, so it renders offline too.
    event.respondWith(
      fetch(request).catch(() =>
        caches.open(CACHE).then((cache) => cache.match(INDEX_URL)).then((hit) => hit || Response.error())
      )
    );
    return;
  }

  // Everything else: cache first (build files are content-hashed), then the network.
  event.respondWith(
    caches.open(CACHE).then((cache) => cache.match(request)).then((hit) => hit || fetch(request))
  );
});
