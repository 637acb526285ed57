/*
 * Runs before Material's bundle (overrides/main.html): over http(s), Material's search box
 * gets its answers from js/search-worker.js, which searches the Pagefind index. Opened from
 * disk (file://), where fetch() of the index files is refused, Material keeps its own worker
 * and the whole lunr index (search/search_index.js), as the offline plugin set it up.
 */
(function () {
  "use strict";
  if (location.protocol === "file:") return;
  var element = document.getElementById("__config");
  var script = document.currentScript;
  if (!element || !script) return;
  var config;
  try {
    config = JSON.parse(element.textContent);
  } catch (err) {
    return;
  }
  if (!config || typeof config.search !== "string") return;
  var worker = new URL("search-worker.js", script.src);
  worker.searchParams.set("material", new URL(config.search, location.href).pathname);
  config.search = worker.href;
  element.textContent = JSON.stringify(config);
})();
