/* Citation cards: show the passage a citation rests on, next to the citation.
 *
 * Each citation link carries data-hb-card="ID" naming a popover element at the end of the
 * page (made by the engine: handbook/render/cards.py). Hovering the link with a mouse, or
 * focusing it with the keyboard, shows the card; a tap on a touch screen shows it instead of
 * following the link (the card's "Open in context" link goes on). Escape and a tap or click
 * outside close it (the popover's own light dismiss). Without JavaScript, or where popovers
 * are not supported, the citation is a plain link to the passage.
 */
(function () {
  "use strict";
  if (!HTMLElement.prototype.hasOwnProperty("popover")) return;

  var SHOW_DELAY = 120, HIDE_DELAY = 250;
  var current = null, owner = null, timer = null, lastPointer = "mouse";

  function place(card, link) {
    var r = link.getBoundingClientRect();
    var vw = document.documentElement.clientWidth, vh = window.innerHeight;
    card.style.maxWidth = Math.min(560, vw - 16) + "px";
    var w = card.offsetWidth, h = card.offsetHeight;
    var left = Math.max(8, Math.min(r.left, vw - w - 8));
    var below = r.bottom + 6, above = r.top - h - 6;
    var top = (below + h <= vh - 8 || above < 8) ? below : above;
    card.style.left = left + "px";
    card.style.top = Math.max(8, Math.min(top, vh - h - 8)) + "px";
  }

  function show(link) {
    var card = document.getElementById(link.getAttribute("data-hb-card"));
    if (!card) return;
    clearTimeout(timer);
    if (current && current !== card && current.matches(":popover-open")) current.hidePopover();
    if (!card.matches(":popover-open")) card.showPopover();
    current = card; owner = link;
    place(card, link);
  }

  function hideSoon() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      if (current && current.matches(":popover-open") && !current.matches(":hover") &&
          !current.contains(document.activeElement)) current.hidePopover();
    }, HIDE_DELAY);
  }

  document.addEventListener("pointerdown", function (e) { lastPointer = e.pointerType; }, true);

  document.addEventListener("pointerover", function (e) {
    var link = e.target.closest && e.target.closest("[data-hb-card]");
    if (link && e.pointerType === "mouse") {
      clearTimeout(timer);
      timer = setTimeout(function () { show(link); }, SHOW_DELAY);
    } else if (current && e.target.closest && e.target.closest(".hb-card") === current) {
      clearTimeout(timer);
    }
  });
  document.addEventListener("pointerout", function (e) {
    if (e.pointerType !== "mouse") return;
    var from = e.target.closest && (e.target.closest("[data-hb-card]") || e.target.closest(".hb-card"));
    if (from) hideSoon();
  });
  document.addEventListener("focusin", function (e) {
    var link = e.target.closest && e.target.closest("[data-hb-card]");
    if (link && lastPointer !== "touch") show(link);
  });
  document.addEventListener("focusout", function (e) {
    if (e.target.closest && e.target.closest("[data-hb-card]")) hideSoon();
  });
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("[data-hb-card]");
    if (!link || lastPointer !== "touch") return;
    var card = document.getElementById(link.getAttribute("data-hb-card"));
    if (!card) return;
    e.preventDefault();  // a tap opens the card; "Open in context" in it follows the link
    if (card.matches(":popover-open") && owner === link) card.hidePopover();
    else show(link);
  });
  window.addEventListener("scroll", function () {
    if (current && owner && current.matches(":popover-open")) place(current, owner);
  }, { passive: true });
})();
