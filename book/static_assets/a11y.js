/* Accessibility repairs to controls made by the theme and by MyST-NB, applied as each page loads.
   Several carry an aria-label that does not contain their visible text (axe rule
   label-content-name-mismatch), so people using speech input cannot name them. */
document.addEventListener("DOMContentLoaded", function () {
  // Text controls ("Search Ctrl+K", "Show code cell source"): the name starts with what is on screen.
  document.querySelectorAll("button[aria-label], a[aria-label], summary[aria-label]").forEach(function (el) {
    var visible = (el.innerText || "").replace(/\s+/g, " ").trim();
    var label = el.getAttribute("aria-label") || "";
    if (visible && label.toLowerCase().indexOf(visible.toLowerCase()) === -1) {
      el.setAttribute("aria-label", visible + " (" + label + ")");
    }
  });
  // Icon-only colour-mode button: name it with hidden text instead of an aria-label that
  // competes with the icons' own titles.
  document.querySelectorAll(".theme-switch-button[aria-label]").forEach(function (el) {
    var name = el.getAttribute("aria-label");
    el.removeAttribute("aria-label");
    el.querySelectorAll("[title]").forEach(function (icon) { icon.setAttribute("aria-hidden", "true"); });
    var span = document.createElement("span");
    span.className = "ps-visually-hidden";
    span.textContent = name;
    el.appendChild(span);
  });
});
