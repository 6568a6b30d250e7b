/* Tables wider than the screen scroll sideways in a box the theme adds without a Tab stop:
   the keyboard could not scroll them (WCAG 2.1.1). Such a box becomes a named, focusable region
   while it overflows. (Was inline in overrides/main.html: the Content-Security-Policy runs no
   inline script of ours.) */
document$.subscribe(function () {
  var boxes = document.querySelectorAll(".md-typeset__scrollwrap");
  function update() {
    boxes.forEach(function (box) {
      if (box.scrollWidth > box.clientWidth) {
        box.tabIndex = 0;
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", "Tableau à faire défiler horizontalement");
      } else {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
      }
    });
  }
  update();
  window.addEventListener("resize", update);
});
