// The compact header on narrow screens: the main menu folds behind a "메뉴" button. The page's
// head marks <html class="js"> before the first paint, so the folded header is drawn at once (no
// layout shift); without JavaScript the button stays hidden and the menu is shown in full.
(function () {
  "use strict";
  // Pretendard: fetched a little after the first page has loaded (so it never competes with that
  // page on a slow network), then used from the cache by the next pages (the page's head sets
  // <html class="fonts">).
  window.addEventListener("load", function () { setTimeout(fetchFonts, 2000); });
  function fetchFonts() {
    try {
      if (localStorage.getItem("knte-fonts") || !window.FontFace) return;
      Promise.all([
        new FontFace("Pretendard", "url(/static/webfonts/Pretendard-Regular.subset.woff2)", { weight: "100 500", display: "optional" }).load(),
        new FontFace("Pretendard", "url(/static/webfonts/Pretendard-Bold.subset.woff2)", { weight: "600 900", display: "optional" }).load()
      ]).then(function () { localStorage.setItem("knte-fonts", "1"); }, function () {});
    } catch (e) { /* storage refused: the reader's own font stays */ }
  }
  var button = document.querySelector(".menu-button");
  var header = document.querySelector(".site-header");
  if (!button || !header) return;
  button.addEventListener("click", function () {
    toggle(button.getAttribute("aria-expanded") !== "true");
  });
  function toggle(open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
    header.classList.toggle("menu-open", open);
  }
  document.addEventListener("keydown", function (e) {
    if (e.key === "Escape" && button.getAttribute("aria-expanded") === "true") {
      toggle(false);
      button.focus();
    }
  });
})();
