/* Sortable reader tables (class ps-sortable): each column header becomes a button; pressing it
   sorts the rows by that column (numbers as numbers), pressing again reverses. No other host,
   no library: the table stays a plain table without JavaScript. */
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("table.ps-sortable").forEach(function (table) {
    var body = table.tBodies[0];
    table.querySelectorAll("thead th").forEach(function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ps-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      th.setAttribute("aria-sort", "none");
      button.addEventListener("click", function () {
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        table.querySelectorAll("thead th").forEach(function (other) { other.setAttribute("aria-sort", "none"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows);
        var key = function (row) {
          var text = (row.cells[index] ? row.cells[index].textContent : "").trim();
          var number = parseFloat(text.replace(/,/g, ""));
          return isNaN(number) || !/^[-\d.,]+%?$/.test(text) ? text.toLowerCase() : number;
        };
        rows.sort(function (a, b) {
          var x = key(a), y = key(b);
          if (typeof x === typeof y) { return (x < y ? -1 : x > y ? 1 : 0) * (ascending ? 1 : -1); }
          return (typeof x === "number" ? -1 : 1) * (ascending ? 1 : -1);
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
});

/* Filterable tables and lists (class ps-filterable): a search box above; rows (or list items)
   that do not contain every word typed are hidden, ignoring case, accents and "&" versus "and",
   and a line beside the box says how many show. The box is made here, so without JavaScript
   there is no box and everything shows. A data-filter-label attribute names the box. */
document.addEventListener("DOMContentLoaded", function () {
  var normalise = function (text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/&/g, " and ").replace(/[^a-z0-9]+/g, " ").trim();
  };
  document.querySelectorAll("table.ps-filterable, ul.ps-filterable").forEach(function (table, n) {
    var rows = Array.prototype.slice.call(table.tBodies ? table.tBodies[0].rows : table.children);
    var texts = rows.map(function (row) { return normalise(row.textContent); });
    var box = document.createElement("div");
    box.className = "ps-filter";
    box.setAttribute("role", "search");
    var label = document.createElement("label");
    var id = "ps-filter-" + n;
    label.setAttribute("for", id);
    label.textContent = (table.getAttribute("data-filter-label") ||
                         (table.tBodies ? "Find in this table" : "Find in this list")) + ": ";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.autocomplete = "off";
    if (table.id) { input.setAttribute("aria-controls", table.id); }
    var status = document.createElement("span");
    status.className = "ps-filter-status";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(document.createTextNode(" "));
    box.appendChild(status);
    var region = table.closest(".ps-table-scroll") || table;
    region.parentNode.insertBefore(box, region);
    input.addEventListener("input", function () {
      var words = normalise(input.value).split(" ").filter(Boolean);
      var shown = 0;
      rows.forEach(function (row, i) {
        var keep = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        row.hidden = !keep;
        if (keep) { shown += 1; }
      });
      status.textContent = words.length ? shown + " of " + rows.length + " shown" : "";
    });
  });
});
