// The compact header on narrow screens: the main menu folds behind a "메뉴" button. The page's
// head marks <html class="js"> before the first paint, so the folded header is drawn at once (no
// layout shift); without JavaScript the button stays hidden and the menu is shown in full.
(function () {
  "use strict";
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
