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

/* Landmarks (axe rules region and landmark-unique). The theme's left sidebar (the book's title,
   search and chapter list) is a plain div, so its title link sits outside every landmark: the
   sidebar becomes a named complementary landmark around the chapter list's own navigation.
   Landmarks of one role on one page need different names: each filter box above a table (a
   search landmark) is named after the table or list it filters, and scrolling tables that share
   a caption take their section's heading into their name. table-sort.js makes the boxes when the
   document is parsed, after this file's handler above has run, so this waits for the page's load. */
window.addEventListener("load", function () {
  var sidebar = document.getElementById("pst-primary-sidebar");
  if (sidebar && !sidebar.hasAttribute("role")) {
    sidebar.setAttribute("role", "complementary");
    sidebar.setAttribute("aria-label", "The book's chapters");
  }
  // Search boxes are named after the table or list they filter.
  document.querySelectorAll('[role="search"]').forEach(function (box) {
    if (box.hasAttribute("aria-label")) { return; }
    var next = box.nextElementSibling;
    var target = next && (next.matches("table, ul") ? next : next.querySelector("table, ul"));
    var caption = target && target.querySelector("caption");
    box.setAttribute("aria-label", caption ? "Find in: " + caption.textContent.replace(/\s+/g, " ").trim() : "Find");
  });
  // Landmarks of one role that still share a name (e.g. scrolling tables with one generic
  // caption) take the heading of their section into their name, then a number if need be.
  var heading = function (el) {
    var section = el.closest("section");
    var h = section && section.querySelector("h1, h2, h3, h4, h5, h6");
    return h ? h.textContent.replace(/#/g, "").replace(/\s+/g, " ").trim() : "";
  };
  var named = {};
  document.querySelectorAll('[role="region"][aria-label], [role="search"][aria-label]').forEach(function (el) {
    var key = el.getAttribute("role") + "\u0000" + el.getAttribute("aria-label");
    (named[key] = named[key] || []).push(el);
  });
  var used = {};
  Object.keys(named).forEach(function (key) {
    var group = named[key];
    group.forEach(function (el) {
      var name = el.getAttribute("aria-label");
      if (group.length > 1 && heading(el)) { name = heading(el) + ": " + name; }
      var base = name;
      for (var k = 2; used[el.getAttribute("role") + name]; k += 1) { name = base + " (" + k + ")"; }
      used[el.getAttribute("role") + name] = true;
      el.setAttribute("aria-label", name);
    });
  });
});
