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
