/* "Cite this page" (overrides/partials/source-file.html): the page's address in the
 * citations is site-relative, since the site has no configured address. When the page is
 * served over http(s), this makes it the full address the reader sees, in the plain text,
 * the BibTeX and the RIS. Without JavaScript, or opened from disk, the relative address
 * stays (the citations are complete and readable either way).
 */
(function () {
  "use strict";
  if (location.protocol !== "http:" && location.protocol !== "https:") return;
  var box = document.querySelector(".hb-citepage[data-hb-url]");
  if (!box) return;
  var rel = box.getAttribute("data-hb-url");
  var root = box.getAttribute("data-hb-root") || ".";
  var full = new URL(root.replace(/\/?$/, "/") + rel, location.href).href;
  box.querySelectorAll(".hb-cite-plain, .hb-cite-bibtex code, .hb-cite-ris code").forEach(
    function (el) {
      el.textContent = el.textContent.split(rel).join(full);
    }
  );
})();
