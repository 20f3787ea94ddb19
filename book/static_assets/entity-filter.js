/* The filter box of the Providers and PDUs index (form.ps-entity-filter, hidden until this script
   runs): typing keeps only the rows of the table it controls whose text contains every word typed,
   ignoring case, accents and "&" versus "and". No other host, no library; without JavaScript the
   box stays hidden and the whole table shows. */
document.addEventListener("DOMContentLoaded", function () {
  var normalise = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
  };
  document.querySelectorAll("form.ps-entity-filter").forEach(function (form) {
    var input = form.querySelector("input");
    var status = form.querySelector(".ps-entity-filter-count");
    var table = document.getElementById(input.getAttribute("aria-controls"));
    if (!table || !table.tBodies[0]) { return; }
    var rows = Array.prototype.slice.call(table.tBodies[0].rows);
    var texts = rows.map(function (row) { return normalise(row.textContent); });
    var apply = function () {
      var words = normalise(input.value).split(" ").filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var match = words.every(function (word) { return texts[i].indexOf(word) !== -1; });
        row.hidden = !match;
        if (match) { shown += 1; }
      });
      status.textContent = words.length ? shown + " of " + rows.length + " shown" : "";
    };
    input.addEventListener("input", apply);
    form.hidden = false;
    apply();
  });
});
