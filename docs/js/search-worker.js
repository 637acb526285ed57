/*
 * The handbook's search worker: answers Material for MkDocs' search box from the Pagefind
 * index (pagefind/, built after the site by handbook/hosts/search.py).
 *
 * It speaks the protocol of Material's own search worker, so the search box, its keyboard
 * handling and its result list are Material's, unchanged:
 *   main -> worker  {type: 0, data: {config, docs, options}}   SETUP
 *   worker -> main  {type: 1}                                  READY
 *   main -> worker  {type: 2, data: "query"}                   QUERY
 *   worker -> main  {type: 3, data: {items: [[page, section, ...], ...]}}   RESULT
 *
 * js/search-setup.js points Material at this worker only over http(s); from disk (file://)
 * Material runs its own worker on the whole lunr index. Over http, when the Pagefind bundle
 * cannot be loaded (mkdocs serve before the index is built, or a site built without it), this
 * worker hands the search to Material's own worker, in a nested worker, with the lunr index
 * (from SETUP, or from search/search_index.js when SETUP carried only the settings).
 *
 * Everything shown is built here as HTML that Material inserts with innerHTML: titles and
 * fallback text are escaped; Pagefind's excerpts (escaped text with <mark>) are re-checked so
 * that no other tag can come through.
 */
"use strict";

const SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

/* Results whose data (title, excerpt) is loaded before the first answer, and in all. */
const FIRST = 3;
const MAX = 40;
/* Sections of one page listed under "more on this page". */
const MAX_SECTIONS = 6;
/* A query being typed waits this long for the next keystroke before it runs (ms): typing a
   word must not load results for each of its prefixes (measured: a name typed letter by
   letter loaded 40 result fragments before its answer with 40 ms). Meanwhile the index
   chunks of the words typed so far are preloaded, so the wait costs little. */
const SETTLE_MS = 120;

/* Ranking (https://pagefind.app/docs/ranking/), tuned on the query set of
   tests/browser/test_search_queries.py: a page's title and its other names (acronym, UN
   symbol, aliases: the "keywords" field) weigh most, so that the page of an entity comes
   before the pages that mention it; its summary (what the page is about, in one sentence)
   weighs more than its text; page length counts less than by default, so that a long
   agency page is not pushed down by a short statement that names the agency. */
const RANKING = {
  termFrequency: 1.0,
  termSimilarity: 1.0,
  termSaturation: 1.2,
  pageLength: 0.5,
  metaWeights: { title: 10.0, keywords: 8.0, summary: 4.0 },
};

/* Words not searched when the query has others (each would load a large index chunk and
   match every page), nor marked on the page a result opens (Material's ?h= highlight). */
const STOP = new Set((
  "a an and are as at be by de del des du el en et for from in is it la las le les los " +
  "of on or para por que the to un una une with y"
).split(" "));

const here = new URL(self.location.href);
const siteRoot = new URL("../", here);

let engine = null;        /* "pagefind" or "lunr" once set up */
let pagefind = null;      /* the Pagefind module */
let lunrWorker = null;    /* Material's worker, nested, when Pagefind is not available */
let vocabulary = null;    /* Promise of the spelling vocabulary, loaded after the first answer */
let words = null;         /* its words, most frequent first */
let sorted = [];          /* and in alphabetical order */
let latest = 0;           /* number of the latest query; older ones stop where they are */
let previous = "";        /* the query before it */
let ready = null;         /* Promise resolved when the engine is set up */
/* Search weight of the pages whose weight is not 1 (result id -> weight): the weight of
   their kind (handbook/core/kinds.py), written by the build into the index settings. */
let ranks = {};

/* What this worker last did, for whoever inspects it (the browser tests wait on it): the
   engine in use, the last query whose answer is complete, and when (ms after `origin`,
   the worker's start) it reached each step of its latest answer (benchmarks/search.py). */
self.hbSearch = { engine: null, answered: null, ms: {}, origin: performance.timeOrigin };
const mark = (name) => { self.hbSearch.ms[name] = Math.round(performance.now()); };

self.addEventListener("message", (ev) => {
  const msg = ev.data || {};
  if (msg.type === SETUP) {
    ready = setup(msg.data || {});
  } else if (msg.type === QUERY) {
    const n = ++latest;
    Promise.resolve(ready).then(() => answer(String(msg.data || ""), n)).catch((err) => {
      console.warn("search:", err);
      if (n === latest) postMessage({ type: RESULT, data: { items: [] } });
    });
  }
});

async function setup(data) {
  mark("setup");
  const given = data.config && data.config.hb_ranks;
  if (given && typeof given === "object") ranks = given;
  try {
    pagefind = await import(new URL("pagefind/pagefind.js", siteRoot).href);
    await pagefind.options({
      baseUrl: "/",
      noWorker: true,          /* this is already a worker */
      excerptLength: 26,
      ranking: RANKING,
    });
    mark("imported");
    await pagefind.init();
    mark("ready");
    engine = self.hbSearch.engine = "pagefind";
    postMessage({ type: READY });
  } catch (err) {
    pagefind = null;
    await startLunr(data, err);
  }
}

/* Material's own worker, on the whole lunr index; it answers the main thread directly. */
async function startLunr(data, why) {
  let docs = Array.isArray(data.docs) ? data.docs : [];
  let config = data.config;
  if (!docs.length) {
    try {
      importScripts(new URL("search/search_index.js", siteRoot).href);
      docs = self.__index.docs;
      config = self.__index.config;
    } catch (err) {
      console.warn("search: no index could be loaded", why, err);
      engine = self.hbSearch.engine = "none";
      postMessage({ type: READY });
      return;
    }
  }
  const material = here.searchParams.get("material") || "";
  const url = new URL(material, siteRoot);
  if (url.origin !== siteRoot.origin || !/\/workers\/search\.[0-9a-f]+\.min\.js$/.test(url.pathname)) {
    console.warn("search: Material's search worker is not known", material);
    engine = self.hbSearch.engine = "none";
    postMessage({ type: READY });
    return;
  }
  engine = self.hbSearch.engine = "lunr";
  lunrWorker = new Worker(url.href);
  lunrWorker.addEventListener("message", (ev) => postMessage(ev.data));
  lunrWorker.postMessage({ type: SETUP, data: { config, docs, options: data.options || {} } });
}

async function answer(query, n) {
  if (engine === "lunr") {
    lunrWorker.postMessage({ type: QUERY, data: query });
    return;
  }
  const q = query.trim();
  if (engine !== "pagefind" || !q) {
    previous = "";
    finish(query, []);
    return;
  }
  mark("query");
  /* A query one letter longer than the previous one is being typed: wait for the next
     keystroke. One pasted, picked or edited runs at once. */
  const typing = q.length === previous.length + 1 && q.startsWith(previous);
  previous = q;
  if (typing) {
    const typedSoFar = withoutStopWords(q);
    if (typedSoFar.length > 2) pagefind.preload(typedSoFar).catch(() => {});
    await sleep(SETTLE_MS);
    if (n !== latest) return;
  }
  /* With the vocabulary at hand, a misspelt word is corrected before searching; without
     it, the query is searched as typed first (the vocabulary is not worth waiting for),
     and searched again if the vocabulary, loaded meanwhile, corrects it. */
  const hadVocabulary = words !== null;
  let corrected = hadVocabulary ? correct(q) : null;
  let items = await run(corrected || q, n, true);
  if (items === null) return;
  if (!hadVocabulary) {
    await loadVocabulary();
    if (n !== latest) return;
    corrected = correct(q);
    if (corrected) {
      items = await run(corrected, n, false);
      if (items === null) return;
    }
  }
  finish(query, items);
}

/* Search `text`; post the first results as soon as their data is loaded (when `early`);
   return all the items, or null when a newer query came meanwhile. */
async function run(text, n, early) {
  const search = await pagefind.search(withoutStopWords(text));
  if (n !== latest || !search) return null;
  mark("searched");
  const results = weighted(search.results).slice(0, MAX);
  const terms = highlightTerms(text);
  const items = [];
  for (let start = 0; start < results.length; ) {
    const end = start === 0 ? FIRST : results.length;
    const batch = await Promise.all(results.slice(start, end).map((r) => r.data()));
    if (n !== latest) return null;
    batch.forEach((d, i) => items.push(group(d, results[start + i].score, terms)));
    if (early && start === 0) {
      mark("loaded");
      postMessage({ type: RESULT, data: { items: items.slice() } });
    }
    start = end;
  }
  return items;
}

/* Pagefind's results, each score multiplied by the page's search weight, best first. */
function weighted(results) {
  return results
    .map((r, i) => {
      const w = Number(ranks[r.id]);
      return { r, i, score: r.score * (Number.isFinite(w) && w > 0 ? w : 1) };
    })
    .sort((a, b) => b.score - a.score || a.i - b.i)
    .map(({ r, score }) => ({ id: r.id, data: () => r.data(), score }));
}

function finish(query, items) {
  postMessage({ type: RESULT, data: { items } });
  self.hbSearch.answered = query;
}

/* One result of Material's list: the page, then its matching sections. */
function group(d, score, terms) {
  const s = Math.max(score, 0) * 100;
  const page = {
    location: local(d.url),
    title: escapeHtml(title(d)),
    text: paragraph(excerpt(d.excerpt, d.content, 0)),
    score: s,
    terms,
  };
  const sections = (d.sub_results || [])
    .filter((r) => r.anchor && r.url !== d.url && r.title)
    .slice(0, MAX_SECTIONS)
    .map((r) => ({
      location: local(r.url),
      title: escapeHtml(r.title),
      text: paragraph(excerpt(r.excerpt, d.content, r.anchor.location + 1)),
      score: s / 2,
      terms,
    }));
  return [page, ...sections];
}

function title(d) {
  const t = (d.meta && d.meta.title) || "";
  return t.trim() || decodeURIComponent(d.url.replace(/^\/+/, ""));
}

/* Site-relative location: Material resolves it against the site's base URL. */
function local(url) {
  return String(url || "").replace(/^\/+/, "");
}

/* Pagefind's excerpt (escaped text with <mark>), or else the first words of the page (or of
   the section) so that no result is shown without text. */
function excerpt(html, content, fromWord) {
  const safe = markOnly(html || "");
  if (safe.replace(/<\/?mark>/g, "").trim()) return safe;
  const words = String(content || "").split(/\s+/).filter(Boolean);
  return escapeHtml(words.slice(fromWord, fromWord + 26).join(" "));
}

/* Any "<" that does not open or close <mark> is shown as text. */
function markOnly(html) {
  return String(html).replace(/<(?!\/?mark>)/g, "&lt;").replace(/ +(?=[.,;:)])/g, "");
}

function paragraph(html) {
  return html ? `<p>${html}</p>` : "";
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, (ch) => ({
    "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;",
  })[ch]);
}

function highlightTerms(query) {
  const terms = {};
  for (const word of query.toLowerCase().split(/[\s,;:!?()"“”«»]+/)) {
    const w = word.replace(/^[.'’]+|[.'’]+$/g, "");
    if (w.length > 1 && !STOP.has(w)) terms[w] = true;
  }
  return terms;
}

function withoutStopWords(query) {
  const words = query.split(/\s+/).filter(Boolean);
  const kept = words.filter((w) => !STOP.has(w.toLowerCase()));
  return (kept.length ? kept : words).join(" ");
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/* ------------------------------------------------------------------------------------------
 * Misspellings. Pagefind matches words and their prefixes, not near spellings. Each word of
 * a query that is neither a word of the site nor the start of one is replaced by the closest
 * word of search/vocabulary.json (the site's words, most frequent first, written with the
 * index), at most one edit away for words of up to five letters and two for longer ones.
 * The vocabulary is loaded after the first answer, so that it does not delay it.
 */

function correct(query) {
  if (!words) return null;
  let changed = false;
  const out = fold(query).split(/\s+/).filter(Boolean).map((w) => {
    if (w.length < 4 || /[^\p{L}]/u.test(w) || isWordOrPrefix(w)) return w;
    const limit = w.length <= 5 ? 1 : 2;
    let best = null;
    let bestDistance = limit + 1;
    for (const candidate of words) {
      if (Math.abs(candidate.length - w.length) > limit) continue;
      const d = distance(w, candidate, bestDistance);
      if (d < bestDistance) {
        best = candidate;
        bestDistance = d;
        if (d === 1) break;   /* the list is sorted by frequency: the first at 1 wins */
      }
    }
    if (best) changed = true;
    return best || w;
  });
  return changed ? out.join(" ") : null;
}

/* Lower case without accents: Pagefind matches "victimas" with "víctimas" by itself. */
function fold(text) {
  return String(text).normalize("NFD").replace(/\p{M}+/gu, "").toLowerCase();
}

/* A word of the site, or the start of one (the reader may still be typing it). */
function isWordOrPrefix(w) {
  let lo = 0, hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < w) lo = mid + 1; else hi = mid;
  }
  return lo < sorted.length && sorted[lo].startsWith(w);
}

function loadVocabulary() {
  if (!vocabulary) {
    vocabulary = fetch(new URL("search/vocabulary.json", siteRoot).href)
      .then((r) => (r.ok ? r.json() : null))
      .then((data) => {
        if (data && Array.isArray(data.words)) {
          words = data.words.filter((w) => typeof w === "string").map(fold);
          sorted = words.slice().sort();
        }
      })
      .catch(() => null);
  }
  return vocabulary;
}

/* Optimal string alignment distance (a transposition counts as one edit), stopping early
   once it exceeds `limit`. */
function distance(a, b, limit) {
  const m = a.length, n = b.length;
  let prev2 = null;
  let prev = Array.from({ length: n + 1 }, (_, j) => j);
  for (let i = 1; i <= m; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= n; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
      if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        v = Math.min(v, prev2[j - 2] + 1);
      }
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin >= limit) return limit;
    prev2 = prev;
    prev = cur;
  }
  return prev[n];
}
